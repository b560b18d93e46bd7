"""Contains all the data models used in inputs/outputs"""

from .accept_invitation_dto import AcceptInvitationDto
from .accepted_invitation_dto import AcceptedInvitationDto
from .alert_filter_dto import AlertFilterDto
from .alert_filter_out_dto import AlertFilterOutDto
from .alert_metric import AlertMetric
from .alert_operator import AlertOperator
from .alert_rule_dto import AlertRuleDto
from .alert_rule_page import AlertRulePage
from .api_key_creator_dto import ApiKeyCreatorDto
from .api_key_dto import ApiKeyDto
from .api_key_page import ApiKeyPage
from .api_key_scope import ApiKeyScope
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
from .create_alert_rule_dto import CreateAlertRuleDto
from .create_api_key_dto import CreateApiKeyDto
from .created_api_key_dto import CreatedApiKeyDto
from .custom_config_dto import CustomConfigDto
from .custom_config_dto_headers import CustomConfigDtoHeaders
from .custom_credentials_dto import CustomCredentialsDto
from .custom_credentials_dto_headers import CustomCredentialsDtoHeaders
from .custom_credentials_masked_dto import CustomCredentialsMaskedDto
from .custom_credentials_masked_dto_headers import CustomCredentialsMaskedDtoHeaders
from .custom_http_method import CustomHttpMethod
from .custom_integration_dto import CustomIntegrationDto
from .custom_integration_dto_type import CustomIntegrationDtoType
from .daily_usage_dto import DailyUsageDto
from .datadog_config_dto import DatadogConfigDto
from .datadog_credentials_dto import DatadogCredentialsDto
from .datadog_credentials_masked_dto import DatadogCredentialsMaskedDto
from .datadog_integration_dto import DatadogIntegrationDto
from .datadog_integration_dto_type import DatadogIntegrationDtoType
from .datadog_site import DatadogSite
from .error_code import ErrorCode
from .evaluation_result_dto import EvaluationResultDto
from .event_type import EventType
from .field_error_dto import FieldErrorDto
from .incident_actor_dto import IncidentActorDto
from .incident_actor_dto_type import IncidentActorDtoType
from .incident_dto import IncidentDto
from .incident_page import IncidentPage
from .incident_status import IncidentStatus
from .ingest_error_code import IngestErrorCode
from .ingest_error_dto import IngestErrorDto
from .ingest_error_entry_dto import IngestErrorEntryDto
from .ingest_error_entry_dto_source import IngestErrorEntryDtoSource
from .ingest_health_day_dto import IngestHealthDayDto
from .ingest_health_dto import IngestHealthDto
from .ingest_rejected_dto import IngestRejectedDto
from .ingest_request_dto import IngestRequestDto
from .ingest_response_dto import IngestResponseDto
from .ingest_span_dto import IngestSpanDto
from .ingest_span_dto_attributes_type_0 import IngestSpanDtoAttributesType0
from .ingest_span_dto_input_type_3 import IngestSpanDtoInputType3
from .ingest_span_dto_output_type_3 import IngestSpanDtoOutputType3
from .ingest_spans_content_encoding import IngestSpansContentEncoding
from .integration_delivery_dto import IntegrationDeliveryDto
from .integration_delivery_page import IntegrationDeliveryPage
from .integration_delivery_status import IntegrationDeliveryStatus
from .integration_health_dto import IntegrationHealthDto
from .integration_health_status import IntegrationHealthStatus
from .integration_list_dto import IntegrationListDto
from .integration_type import IntegrationType
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
from .otlp_any_value_dto import OtlpAnyValueDto
from .otlp_array_value_dto import OtlpArrayValueDto
from .otlp_export_trace_request_dto import OtlpExportTraceRequestDto
from .otlp_export_trace_response_dto import OtlpExportTraceResponseDto
from .otlp_export_traces_alias_content_encoding import OtlpExportTracesAliasContentEncoding
from .otlp_export_traces_content_encoding import OtlpExportTracesContentEncoding
from .otlp_instrumentation_scope_dto import OtlpInstrumentationScopeDto
from .otlp_key_value_dto import OtlpKeyValueDto
from .otlp_key_value_list_dto import OtlpKeyValueListDto
from .otlp_partial_success_dto import OtlpPartialSuccessDto
from .otlp_resource_dto import OtlpResourceDto
from .otlp_resource_spans_dto import OtlpResourceSpansDto
from .otlp_scope_spans_dto import OtlpScopeSpansDto
from .otlp_span_dto import OtlpSpanDto
from .otlp_span_event_dto import OtlpSpanEventDto
from .otlp_span_kind import OtlpSpanKind
from .otlp_span_link_dto import OtlpSpanLinkDto
from .otlp_span_status_dto import OtlpSpanStatusDto
from .otlp_status_code import OtlpStatusCode
from .otlp_status_dto import OtlpStatusDto
from .pager_duty_config_dto import PagerDutyConfigDto
from .pager_duty_credentials_dto import PagerDutyCredentialsDto
from .pager_duty_credentials_masked_dto import PagerDutyCredentialsMaskedDto
from .pager_duty_integration_dto import PagerDutyIntegrationDto
from .pager_duty_integration_dto_type import PagerDutyIntegrationDtoType
from .pager_duty_region import PagerDutyRegion
from .pager_duty_severity import PagerDutySeverity
from .plan import Plan
from .plan_catalog_dto import PlanCatalogDto
from .plan_dto import PlanDto
from .plan_limits_dto import PlanLimitsDto
from .problem_dto import ProblemDto
from .put_custom_integration_dto import PutCustomIntegrationDto
from .put_datadog_integration_dto import PutDatadogIntegrationDto
from .put_pager_duty_integration_dto import PutPagerDutyIntegrationDto
from .put_sentry_integration_dto import PutSentryIntegrationDto
from .put_slack_integration_dto import PutSlackIntegrationDto
from .put_webhook_integration_dto import PutWebhookIntegrationDto
from .receive_stripe_webhook_body import ReceiveStripeWebhookBody
from .role import Role
from .rotate_api_key_dto import RotateApiKeyDto
from .sentry_config_dto import SentryConfigDto
from .sentry_credentials_dto import SentryCredentialsDto
from .sentry_credentials_masked_dto import SentryCredentialsMaskedDto
from .sentry_integration_dto import SentryIntegrationDto
from .sentry_integration_dto_type import SentryIntegrationDtoType
from .signup_dto import SignupDto
from .slack_config_dto import SlackConfigDto
from .slack_credentials_dto import SlackCredentialsDto
from .slack_credentials_masked_dto import SlackCredentialsMaskedDto
from .slack_integration_dto import SlackIntegrationDto
from .slack_integration_dto_type import SlackIntegrationDtoType
from .span_dto import SpanDto
from .span_dto_attributes_type_0 import SpanDtoAttributesType0
from .span_dto_input_type_3 import SpanDtoInputType3
from .span_dto_output_type_3 import SpanDtoOutputType3
from .span_kind import SpanKind
from .span_status import SpanStatus
from .span_usage_dto import SpanUsageDto
from .span_usage_input_dto import SpanUsageInputDto
from .subscription_status import SubscriptionStatus
from .test_integration_result_dto import TestIntegrationResultDto
from .trace_dto import TraceDto
from .trace_page import TracePage
from .trace_stats_bucket_dto import TraceStatsBucketDto
from .trace_stats_bucket_size import TraceStatsBucketSize
from .trace_stats_dto import TraceStatsDto
from .trace_summary_dto import TraceSummaryDto
from .update_alert_rule_dto import UpdateAlertRuleDto
from .update_workspace_dto import UpdateWorkspaceDto
from .update_workspace_settings_dto import UpdateWorkspaceSettingsDto
from .usage_dto import UsageDto
from .usage_metric_dto import UsageMetricDto
from .user_dto import UserDto
from .webhook_ack_dto import WebhookAckDto
from .webhook_config_dto import WebhookConfigDto
from .webhook_credentials_dto import WebhookCredentialsDto
from .webhook_credentials_masked_dto import WebhookCredentialsMaskedDto
from .webhook_integration_dto import WebhookIntegrationDto
from .webhook_integration_dto_type import WebhookIntegrationDtoType
from .workspace_dto import WorkspaceDto
from .workspace_settings_dto import WorkspaceSettingsDto

__all__ = (
    "AcceptedInvitationDto",
    "AcceptInvitationDto",
    "AlertFilterDto",
    "AlertFilterOutDto",
    "AlertMetric",
    "AlertOperator",
    "AlertRuleDto",
    "AlertRulePage",
    "ApiKeyCreatorDto",
    "ApiKeyDto",
    "ApiKeyPage",
    "ApiKeyScope",
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
    "CreateAlertRuleDto",
    "CreateApiKeyDto",
    "CreatedApiKeyDto",
    "CustomConfigDto",
    "CustomConfigDtoHeaders",
    "CustomCredentialsDto",
    "CustomCredentialsDtoHeaders",
    "CustomCredentialsMaskedDto",
    "CustomCredentialsMaskedDtoHeaders",
    "CustomHttpMethod",
    "CustomIntegrationDto",
    "CustomIntegrationDtoType",
    "DailyUsageDto",
    "DatadogConfigDto",
    "DatadogCredentialsDto",
    "DatadogCredentialsMaskedDto",
    "DatadogIntegrationDto",
    "DatadogIntegrationDtoType",
    "DatadogSite",
    "ErrorCode",
    "EvaluationResultDto",
    "EventType",
    "FieldErrorDto",
    "IncidentActorDto",
    "IncidentActorDtoType",
    "IncidentDto",
    "IncidentPage",
    "IncidentStatus",
    "IngestErrorCode",
    "IngestErrorDto",
    "IngestErrorEntryDto",
    "IngestErrorEntryDtoSource",
    "IngestHealthDayDto",
    "IngestHealthDto",
    "IngestRejectedDto",
    "IngestRequestDto",
    "IngestResponseDto",
    "IngestSpanDto",
    "IngestSpanDtoAttributesType0",
    "IngestSpanDtoInputType3",
    "IngestSpanDtoOutputType3",
    "IngestSpansContentEncoding",
    "IntegrationDeliveryDto",
    "IntegrationDeliveryPage",
    "IntegrationDeliveryStatus",
    "IntegrationHealthDto",
    "IntegrationHealthStatus",
    "IntegrationListDto",
    "IntegrationType",
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
    "OtlpAnyValueDto",
    "OtlpArrayValueDto",
    "OtlpExportTraceRequestDto",
    "OtlpExportTraceResponseDto",
    "OtlpExportTracesAliasContentEncoding",
    "OtlpExportTracesContentEncoding",
    "OtlpInstrumentationScopeDto",
    "OtlpKeyValueDto",
    "OtlpKeyValueListDto",
    "OtlpPartialSuccessDto",
    "OtlpResourceDto",
    "OtlpResourceSpansDto",
    "OtlpScopeSpansDto",
    "OtlpSpanDto",
    "OtlpSpanEventDto",
    "OtlpSpanKind",
    "OtlpSpanLinkDto",
    "OtlpSpanStatusDto",
    "OtlpStatusCode",
    "OtlpStatusDto",
    "PagerDutyConfigDto",
    "PagerDutyCredentialsDto",
    "PagerDutyCredentialsMaskedDto",
    "PagerDutyIntegrationDto",
    "PagerDutyIntegrationDtoType",
    "PagerDutyRegion",
    "PagerDutySeverity",
    "Plan",
    "PlanCatalogDto",
    "PlanDto",
    "PlanLimitsDto",
    "ProblemDto",
    "PutCustomIntegrationDto",
    "PutDatadogIntegrationDto",
    "PutPagerDutyIntegrationDto",
    "PutSentryIntegrationDto",
    "PutSlackIntegrationDto",
    "PutWebhookIntegrationDto",
    "ReceiveStripeWebhookBody",
    "Role",
    "RotateApiKeyDto",
    "SentryConfigDto",
    "SentryCredentialsDto",
    "SentryCredentialsMaskedDto",
    "SentryIntegrationDto",
    "SentryIntegrationDtoType",
    "SignupDto",
    "SlackConfigDto",
    "SlackCredentialsDto",
    "SlackCredentialsMaskedDto",
    "SlackIntegrationDto",
    "SlackIntegrationDtoType",
    "SpanDto",
    "SpanDtoAttributesType0",
    "SpanDtoInputType3",
    "SpanDtoOutputType3",
    "SpanKind",
    "SpanStatus",
    "SpanUsageDto",
    "SpanUsageInputDto",
    "SubscriptionStatus",
    "TestIntegrationResultDto",
    "TraceDto",
    "TracePage",
    "TraceStatsBucketDto",
    "TraceStatsBucketSize",
    "TraceStatsDto",
    "TraceSummaryDto",
    "UpdateAlertRuleDto",
    "UpdateWorkspaceDto",
    "UpdateWorkspaceSettingsDto",
    "UsageDto",
    "UsageMetricDto",
    "UserDto",
    "WebhookAckDto",
    "WebhookConfigDto",
    "WebhookCredentialsDto",
    "WebhookCredentialsMaskedDto",
    "WebhookIntegrationDto",
    "WebhookIntegrationDtoType",
    "WorkspaceDto",
    "WorkspaceSettingsDto",
)
