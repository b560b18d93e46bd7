import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/roles';
import { ACCESS_TOKEN_PREFIX, DUMMY_PASSWORD_HASH, hashPassword, randomToken, sha256Hex, verifyPassword } from '../../common/crypto/tokens';
import { DomainError } from '../../common/errors/domain-error';
import { newId } from '../../database/columns';
import { isUniqueViolation } from '../../database/errors';
import { PG_POOL } from '../../database/pg-pool';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { MembershipService } from '../team/membership.service';
import { WorkspaceService } from '../workspace/workspace.service';
import { AuthResponseDto, LoginDto, MeDto, SignupDto, UserDto } from './dto/auth.dto';
import { Session } from './entities/session.entity';
import { User } from './entities/user.entity';

export const toUserDto = (u: User): UserDto => ({ id: u.id, email: u.email, name: u.name, createdAt: u.createdAt.toISOString() });

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workspaces: WorkspaceService,
    private readonly memberships: MembershipService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async signup(dto: SignupDto): Promise<AuthResponseDto> {
    const passwordHash = await hashPassword(dto.password);
    try {
      const { user, workspaceId, token } = await this.ds.transaction(async (m) => {
        const user = await this.createUser(m, dto.email, dto.name, passwordHash);
        const ws = await this.workspaces.create(m, dto.workspaceName);
        await this.memberships.add(m, ws.id, user.id, 'owner');
        const token = await this.issueToken(m, user.id, ws.id);
        return { user, workspaceId: ws.id, token };
      });
      return { user: toUserDto(user), workspace: await this.workspaces.get(workspaceId), role: 'owner', ...token };
    } catch (err) {
      if (isUniqueViolation(err, 'uq_users_email')) throw emailTaken();
      throw err;
    }
  }

  /** Creates a user inside the caller's transaction (signup, accepting an invitation without an account). */
  async createUser(m: EntityManager, email: string, name: string, passwordHash: string): Promise<User> {
    try {
      return await m.save(m.create(User, { id: newId(), email: email.toLowerCase(), name, passwordHash }));
    } catch (err) {
      if (isUniqueViolation(err, 'uq_users_email')) throw emailTaken();
      throw err;
    }
  }

  async login(dto: LoginDto): Promise<AuthResponseDto> {
    const user = await this.ds.getRepository(User).findOneBy({ email: dto.email });
    const ok = await verifyPassword(dto.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !ok) throw new DomainError('unauthenticated', 'Invalid email or password');
    const active = await this.memberships.activeOf(user.id);
    if (!active.length) throw new DomainError('forbidden', 'This account is not an active member of any workspace');
    const membership = dto.workspaceId ? active.find((m) => m.workspaceId === dto.workspaceId) : active[0];
    if (!membership) throw new DomainError('forbidden', 'This account is not an active member of that workspace');
    const token = await this.issueToken(this.ds.manager, user.id, membership.workspaceId);
    return { user: toUserDto(user), workspace: await this.workspaces.get(membership.workspaceId), role: membership.role, ...token };
  }

  async issueToken(m: EntityManager, userId: string, workspaceId: string): Promise<IssuedToken> {
    const accessToken = randomToken(ACCESS_TOKEN_PREFIX);
    const expiresIn = this.config.accessTokenTtlSeconds;
    await m.insert(Session, {
      id: newId(),
      userId,
      workspaceId,
      tokenDigest: sha256Hex(accessToken),
      expiresAt: new Date(Date.now() + expiresIn * 1000),
      revokedAt: null,
    });
    return { accessToken, expiresIn };
  }

  async logout(p: Principal): Promise<void> {
    if (p.type !== 'user' || !p.sessionId)
      throw new DomainError('forbidden', 'Only a user access token can log out; revoke an API key instead');
    await this.ds.getRepository(Session).update({ id: p.sessionId }, { revokedAt: new Date() });
  }

  async me(p: Principal): Promise<MeDto> {
    const workspace = await this.workspaces.get(p.workspaceId);
    if (p.type === 'api_key') {
      const key = await this.apiKeys.summary(p.workspaceId, p.apiKeyId as string);
      return { user: null, apiKey: key, workspace, role: p.role, workspaces: [{ id: workspace.id, name: workspace.name, role: p.role }] };
    }
    const user = await this.ds.getRepository(User).findOneByOrFail({ id: p.userId as string });
    const active = await this.memberships.activeOf(user.id);
    const names = await this.workspaces.summaries(active.map((m) => m.workspaceId));
    return {
      user: toUserDto(user),
      apiKey: null,
      workspace,
      role: p.role,
      workspaces: active.map((m) => ({ id: m.workspaceId, name: names.get(m.workspaceId)?.name ?? '', role: m.role })),
    };
  }

  /**
   * Hot path (every user-token request): session and live membership in one indexed query, as a named
   * (per-connection prepared) statement so Postgres parses and plans it once per connection.
   */
  async resolveSession(token: string): Promise<{ principal: Principal } | 'invalid' | 'no_membership'> {
    const { rows } = await this.pool.query<{
      id: string;
      user_id: string;
      workspace_id: string;
      member_id: string | null;
      role: Role | null;
      status: string | null;
    }>({
      name: 'auth_resolve_session',
      text: `SELECT s.id, s.user_id, s.workspace_id, m.id AS member_id, m.role, m.status
         FROM sessions s LEFT JOIN team_members m ON m.workspace_id = s.workspace_id AND m.user_id = s.user_id
        WHERE s.token_digest = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
      values: [sha256Hex(token)],
    });
    const row = rows[0];
    if (!row) return 'invalid';
    if (row.status !== 'active' || !row.role) return 'no_membership';
    this.memberships.touch(row.member_id as string);
    return {
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
      },
    };
  }
}

const emailTaken = () =>
  new DomainError('conflict', 'An account with this email already exists; log in instead', {
    errors: [{ field: 'email', message: 'is already registered' }],
  });
