/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export { AgentObsClient } from './AgentObsClient';

export { ApiError } from './core/ApiError';
export { BaseHttpRequest } from './core/BaseHttpRequest';
export { CancelablePromise, CancelError } from './core/CancelablePromise';
export { OpenAPI } from './core/OpenAPI';
export type { OpenAPIConfig } from './core/OpenAPI';

export type { AcceptedInvitationDto } from './models/AcceptedInvitationDto';
export type { AcceptInvitationDto } from './models/AcceptInvitationDto';
export type { ApiKeyCreatorDto } from './models/ApiKeyCreatorDto';
export type { ApiKeyDto } from './models/ApiKeyDto';
export type { ApiKeyPage } from './models/ApiKeyPage';
export type { AuditActorDto } from './models/AuditActorDto';
export type { AuditActorType } from './models/AuditActorType';
export type { AuditLogDto } from './models/AuditLogDto';
export type { AuditLogPage } from './models/AuditLogPage';
export type { AuthResponseDto } from './models/AuthResponseDto';
export type { BillingConfigDto } from './models/BillingConfigDto';
export type { BillingCycle } from './models/BillingCycle';
export type { ChangePlanDto } from './models/ChangePlanDto';
export type { ChangeRoleDto } from './models/ChangeRoleDto';
export type { CheckoutDto } from './models/CheckoutDto';
export type { CheckoutSessionDto } from './models/CheckoutSessionDto';
export type { CreateApiKeyDto } from './models/CreateApiKeyDto';
export type { CreatedApiKeyDto } from './models/CreatedApiKeyDto';
export type { DailyUsageDto } from './models/DailyUsageDto';
export type { ErrorCode } from './models/ErrorCode';
export type { FieldErrorDto } from './models/FieldErrorDto';
export type { InvitationDto } from './models/InvitationDto';
export type { InvitationEmailStatus } from './models/InvitationEmailStatus';
export type { InvitationInviterDto } from './models/InvitationInviterDto';
export type { InvitationPage } from './models/InvitationPage';
export type { InvitationPreviewDto } from './models/InvitationPreviewDto';
export type { InvitationPreviewInviterDto } from './models/InvitationPreviewInviterDto';
export type { InvitationPreviewWorkspaceDto } from './models/InvitationPreviewWorkspaceDto';
export type { InvitationStatus } from './models/InvitationStatus';
export type { InviteDto } from './models/InviteDto';
export type { InviterType } from './models/InviterType';
export type { InvoiceDto } from './models/InvoiceDto';
export type { InvoicePage } from './models/InvoicePage';
export type { InvoiceStatus } from './models/InvoiceStatus';
export type { LoginDto } from './models/LoginDto';
export type { MeApiKeyDto } from './models/MeApiKeyDto';
export type { MeDto } from './models/MeDto';
export type { MemberDto } from './models/MemberDto';
export type { MemberPage } from './models/MemberPage';
export type { MemberStatus } from './models/MemberStatus';
export type { MeWorkspaceDto } from './models/MeWorkspaceDto';
export type { Plan } from './models/Plan';
export type { PlanLimitsDto } from './models/PlanLimitsDto';
export type { ProblemDto } from './models/ProblemDto';
export type { Role } from './models/Role';
export type { SignupDto } from './models/SignupDto';
export type { SubscriptionStatus } from './models/SubscriptionStatus';
export type { UpdateWorkspaceDto } from './models/UpdateWorkspaceDto';
export type { UpdateWorkspaceSettingsDto } from './models/UpdateWorkspaceSettingsDto';
export type { UsageDto } from './models/UsageDto';
export type { UsageMetricDto } from './models/UsageMetricDto';
export type { UserDto } from './models/UserDto';
export type { WebhookAckDto } from './models/WebhookAckDto';
export type { WorkspaceDto } from './models/WorkspaceDto';
export type { WorkspaceSettingsDto } from './models/WorkspaceSettingsDto';

export { ApiKeysService } from './services/ApiKeysService';
export { AuditService } from './services/AuditService';
export { AuthService } from './services/AuthService';
export { BillingService } from './services/BillingService';
export { TeamService } from './services/TeamService';
export { WorkspaceService } from './services/WorkspaceService';
