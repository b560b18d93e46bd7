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
}

export interface AuditActor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  ip?: string | null;
}

export const actorOf = (p: Principal, ip?: string | null): AuditActor => ({ type: p.type, id: p.actorId, ip: ip ?? null });
