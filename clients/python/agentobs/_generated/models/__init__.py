"""Contains all the data models used in inputs/outputs"""

from .accept_invitation_dto import AcceptInvitationDto
from .accepted_invitation_dto import AcceptedInvitationDto
from .api_key_creator_dto import ApiKeyCreatorDto
from .api_key_dto import ApiKeyDto
from .api_key_page import ApiKeyPage
from .audit_actor_dto import AuditActorDto
from .audit_actor_type import AuditActorType
from .audit_log_dto import AuditLogDto
from .audit_log_dto_metadata import AuditLogDtoMetadata
from .audit_log_page import AuditLogPage
from .auth_response_dto import AuthResponseDto
from .billing_config_dto import BillingConfigDto
from .billing_cycle import BillingCycle
from .change_plan_dto import ChangePlanDto
from .change_role_dto import ChangeRoleDto
from .checkout_dto import CheckoutDto
from .checkout_session_dto import CheckoutSessionDto
from .create_api_key_dto import CreateApiKeyDto
from .created_api_key_dto import CreatedApiKeyDto
from .daily_usage_dto import DailyUsageDto
from .error_code import ErrorCode
from .field_error_dto import FieldErrorDto
from .invitation_dto import InvitationDto
from .invitation_email_status import InvitationEmailStatus
from .invitation_inviter_dto import InvitationInviterDto
from .invitation_page import InvitationPage
from .invitation_preview_dto import InvitationPreviewDto
from .invitation_preview_inviter_dto import InvitationPreviewInviterDto
from .invitation_preview_workspace_dto import InvitationPreviewWorkspaceDto
from .invitation_status import InvitationStatus
from .invite_dto import InviteDto
from .inviter_type import InviterType
from .invoice_dto import InvoiceDto
from .invoice_page import InvoicePage
from .invoice_status import InvoiceStatus
from .login_dto import LoginDto
from .me_api_key_dto import MeApiKeyDto
from .me_dto import MeDto
from .me_workspace_dto import MeWorkspaceDto
from .member_dto import MemberDto
from .member_page import MemberPage
from .member_status import MemberStatus
from .plan import Plan
from .plan_limits_dto import PlanLimitsDto
from .problem_dto import ProblemDto
from .receive_stripe_webhook_body import ReceiveStripeWebhookBody
from .role import Role
from .signup_dto import SignupDto
from .subscription_status import SubscriptionStatus
from .update_workspace_dto import UpdateWorkspaceDto
from .update_workspace_settings_dto import UpdateWorkspaceSettingsDto
from .usage_dto import UsageDto
from .usage_metric_dto import UsageMetricDto
from .user_dto import UserDto
from .webhook_ack_dto import WebhookAckDto
from .workspace_dto import WorkspaceDto
from .workspace_settings_dto import WorkspaceSettingsDto

__all__ = (
    "AcceptedInvitationDto",
    "AcceptInvitationDto",
    "ApiKeyCreatorDto",
    "ApiKeyDto",
    "ApiKeyPage",
    "AuditActorDto",
    "AuditActorType",
    "AuditLogDto",
    "AuditLogDtoMetadata",
    "AuditLogPage",
    "AuthResponseDto",
    "BillingConfigDto",
    "BillingCycle",
    "ChangePlanDto",
    "ChangeRoleDto",
    "CheckoutDto",
    "CheckoutSessionDto",
    "CreateApiKeyDto",
    "CreatedApiKeyDto",
    "DailyUsageDto",
    "ErrorCode",
    "FieldErrorDto",
    "InvitationDto",
    "InvitationEmailStatus",
    "InvitationInviterDto",
    "InvitationPage",
    "InvitationPreviewDto",
    "InvitationPreviewInviterDto",
    "InvitationPreviewWorkspaceDto",
    "InvitationStatus",
    "InviteDto",
    "InviterType",
    "InvoiceDto",
    "InvoicePage",
    "InvoiceStatus",
    "LoginDto",
    "MeApiKeyDto",
    "MeDto",
    "MemberDto",
    "MemberPage",
    "MemberStatus",
    "MeWorkspaceDto",
    "Plan",
    "PlanLimitsDto",
    "ProblemDto",
    "ReceiveStripeWebhookBody",
    "Role",
    "SignupDto",
    "SubscriptionStatus",
    "UpdateWorkspaceDto",
    "UpdateWorkspaceSettingsDto",
    "UsageDto",
    "UsageMetricDto",
    "UserDto",
    "WebhookAckDto",
    "WorkspaceDto",
    "WorkspaceSettingsDto",
)
