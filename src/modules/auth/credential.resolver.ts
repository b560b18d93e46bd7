import { Injectable } from '@nestjs/common';
import { CredentialResolver, ResolveResult } from '../../common/auth/credential-resolver';
import { ACCESS_TOKEN_PREFIX, API_KEY_PREFIX, sha256Hex } from '../../common/crypto/tokens';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { MembershipsService } from './memberships.service';
import { SessionsRepository } from './repositories/sessions.repository';

/**
 * The guard's credential lookup (CREDENTIAL_RESOLVER): an API key through api-keys, a user access token through
 * the session and its live membership in one prepared query. The role is read on every request, so a removed
 * member or a revoked key stops working at once.
 */
@Injectable()
export class AuthCredentialResolver implements CredentialResolver {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly memberships: MembershipsService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async resolve(credential: string): Promise<ResolveResult> {
    if (credential.startsWith(API_KEY_PREFIX)) {
      const key = await this.apiKeys.resolve(credential);
      if (!key) return { ok: false, reason: 'invalid' };
      if ('refused' in key) return { ok: false, reason: key.refused, workspaceId: key.workspaceId, at: key.at };
      return {
        ok: true,
        principal: {
          type: 'api_key',
          workspaceId: key.workspaceId,
          role: key.role,
          actorId: key.id,
          userId: null,
          apiKeyId: key.id,
          sessionId: null,
          membershipId: null,
          credentialId: `k:${key.id}`,
          scope: key.scope,
        },
      };
    }
    if (credential.startsWith(ACCESS_TOKEN_PREFIX)) {
      const row = await this.sessions.resolve(sha256Hex(credential));
      if (!row) return { ok: false, reason: 'invalid' };
      if (row.status !== 'active' || !row.role || !row.member_id) return { ok: false, reason: 'no_membership' };
      this.memberships.touch(row.member_id);
      return {
        ok: true,
        principal: {
          type: 'user',
          workspaceId: row.workspace_id,
          role: row.role,
          actorId: row.user_id,
          userId: row.user_id,
          apiKeyId: null,
          sessionId: row.id,
          membershipId: row.member_id,
          credentialId: `u:${row.user_id}:${row.workspace_id}`,
          scope: 'full',
        },
      };
    }
    return { ok: false, reason: 'invalid' };
  }
}
