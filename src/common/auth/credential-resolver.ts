import { Principal } from './principal';

export const CREDENTIAL_RESOLVER = Symbol('CREDENTIAL_RESOLVER');

/**
 * A refused credential. For a known API key that may no longer act (revoked, expired, rotated past its grace) the
 * reason says which and `workspaceId` names its workspace — only for counting the refusal there (ingest health),
 * never to act in it.
 */
export type RefusedCredential =
  | { ok: false; reason: 'invalid' | 'no_membership' }
  | { ok: false; reason: 'revoked' | 'expired' | 'grace_ended'; workspaceId: string; at: Date | null };

export type ResolveResult = { ok: true; principal: Principal } | RefusedCredential;

/** The 401 `detail` for a refused credential. */
export function refusalDetail(r: RefusedCredential): string {
  switch (r.reason) {
    case 'expired':
      return `This API key expired${r.at ? ` at ${r.at.toISOString()}` : ''}`;
    case 'grace_ended':
      return `This API key was rotated and its grace period ended${r.at ? ` at ${r.at.toISOString()}` : ''}; use its replacement`;
    case 'revoked':
      return 'This API key has been revoked';
    default:
      return 'The credential is invalid, expired or revoked';
  }
}

/** Implemented by the auth module: turns a bearer credential into a principal, reading the role live. */
export interface CredentialResolver {
  resolve(credential: string): Promise<ResolveResult>;
}
