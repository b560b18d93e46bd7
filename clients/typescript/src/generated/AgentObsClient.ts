/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { BaseHttpRequest } from './core/BaseHttpRequest';
import type { OpenAPIConfig } from './core/OpenAPI';
import { FetchHttpRequest } from './core/FetchHttpRequest';
import { AlertsService } from './services/AlertsService';
import { ApiKeysService } from './services/ApiKeysService';
import { AuditService } from './services/AuditService';
import { AuthService } from './services/AuthService';
import { BillingService } from './services/BillingService';
import { IntegrationsService } from './services/IntegrationsService';
import { OtelService } from './services/OtelService';
import { TeamService } from './services/TeamService';
import { TracesService } from './services/TracesService';
import { WorkspaceService } from './services/WorkspaceService';
type HttpRequestConstructor = new (config: OpenAPIConfig) => BaseHttpRequest;
export class AgentObsClient {
    public readonly alerts: AlertsService;
    public readonly apiKeys: ApiKeysService;
    public readonly audit: AuditService;
    public readonly auth: AuthService;
    public readonly billing: BillingService;
    public readonly integrations: IntegrationsService;
    public readonly otel: OtelService;
    public readonly team: TeamService;
    public readonly traces: TracesService;
    public readonly workspace: WorkspaceService;
    public readonly request: BaseHttpRequest;
    constructor(config?: Partial<OpenAPIConfig>, HttpRequest: HttpRequestConstructor = FetchHttpRequest) {
        this.request = new HttpRequest({
            BASE: config?.BASE ?? '',
            VERSION: config?.VERSION ?? '1.0.0',
            WITH_CREDENTIALS: config?.WITH_CREDENTIALS ?? false,
            CREDENTIALS: config?.CREDENTIALS ?? 'include',
            TOKEN: config?.TOKEN,
            USERNAME: config?.USERNAME,
            PASSWORD: config?.PASSWORD,
            HEADERS: config?.HEADERS,
            ENCODE_PATH: config?.ENCODE_PATH,
        });
        this.alerts = new AlertsService(this.request);
        this.apiKeys = new ApiKeysService(this.request);
        this.audit = new AuditService(this.request);
        this.auth = new AuthService(this.request);
        this.billing = new BillingService(this.request);
        this.integrations = new IntegrationsService(this.request);
        this.otel = new OtelService(this.request);
        this.team = new TeamService(this.request);
        this.traces = new TracesService(this.request);
        this.workspace = new WorkspaceService(this.request);
    }
}

