import { Role } from './roles';

/** Who is calling, inside exactly one workspace, with the role read at request time. */
export interface Principal {
  type: 'user' | 'api_key';
  workspaceId: string;
  role: Role;
  /** user id for user tokens, api key id for API keys */
  actorId: string;
  userId: string | null;
  apiKeyId: string | null;
  sessionId: string | null;
  membershipId: string | null;
  /** identifies the credential for rate limiting and idempotency scope */
  credentialId: string;
  /** an API key's scope: `ingest` keys may call only the ingest routes (user tokens: `full`) */
  scope: 'full' | 'ingest';
}

export interface AuditActor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  ip?: string | null;
}

export const actorOf = (p: Principal, ip?: string | null): AuditActor => ({ type: p.type, id: p.actorId, ip: ip ?? null });

/**
 * Who acts, where, and from which request: the first argument of every service method that touches workspace
 * data (DESIGN.md, "Tenant id required by construction"). Controllers get it with `@CurrentActor()`; the
 * workspace is always the principal's, never one from the request.
 */
export interface Actor {
  principal: Principal;
  /** = principal.workspaceId, spelled out because every query is scoped by it */
  workspaceId: string;
  /** client IP (audit entries) */
  ip: string | null;
  /** the request's id (logs, problem documents) */
  requestId: string;
}

export const actorContext = (principal: Principal, ip: string | null, requestId: string): Actor => ({
  principal,
  workspaceId: principal.workspaceId,
  ip,
  requestId,
});

/** The audit entry's actor for an `Actor`. */
export const auditActor = (a: Actor): AuditActor => actorOf(a.principal, a.ip);
