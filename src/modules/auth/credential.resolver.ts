import { Injectable } from '@nestjs/common';
import { CredentialResolver, ResolveResult } from '../../common/auth/credential-resolver';
import { ACCESS_TOKEN_PREFIX, API_KEY_PREFIX } from '../../common/crypto/tokens';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuthService } from './auth.service';

@Injectable()
export class AuthCredentialResolver implements CredentialResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async resolve(credential: string): Promise<ResolveResult> {
    if (credential.startsWith(API_KEY_PREFIX)) {
      const key = await this.apiKeys.resolve(credential);
      if (!key) return { ok: false, reason: 'invalid' };
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
        },
      };
    }
    if (credential.startsWith(ACCESS_TOKEN_PREFIX)) {
      const r = await this.auth.resolveSession(credential);
      if (r === 'invalid' || r === 'no_membership') return { ok: false, reason: r };
      return { ok: true, principal: r.principal };
    }
    return { ok: false, reason: 'invalid' };
  }
}
