import { Principal } from './principal';

export const CREDENTIAL_RESOLVER = Symbol('CREDENTIAL_RESOLVER');

export type ResolveResult = { ok: true; principal: Principal } | { ok: false; reason: 'invalid' | 'no_membership' };

/** Implemented by the auth module: turns a bearer credential into a principal, reading the role live. */
export interface CredentialResolver {
  resolve(credential: string): Promise<ResolveResult>;
}
