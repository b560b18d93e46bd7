import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Actor, Principal } from '../../common/auth/principal';
import { ACCESS_TOKEN_PREFIX, DUMMY_PASSWORD_HASH, hashPassword, randomToken, sha256Hex, verifyPassword } from '../../common/crypto/tokens';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { newId } from '../../database/columns';
import { Db, Sql, Tx } from '../../database/db';
import { isUniqueViolation } from '../../database/errors';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { UserDirectory } from '../api-keys/user-directory';
import { WorkspaceService } from '../workspace/workspace.service';
import { AuthResponseDto, LoginDto, MeDto, SignupDto, UserDto } from './dto/auth.dto';
import { User } from './entities/user.entity';
import { MembershipsService } from './memberships.service';
import { SessionsRepository } from './repositories/sessions.repository';
import { UsersRepository } from './repositories/users.repository';

export const toUserDto = (u: User): UserDto => ({ id: u.id, email: u.email, name: u.name, createdAt: u.createdAt.toISOString() });

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

/** A user as other modules see them (no password hash). */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
}

/** Who made a change, as shown to people (e.g. an invitation's "invited by"). */
export interface ActorDescription {
  type: 'user' | 'api_key';
  id: string;
  name: string;
}

/** Users, passwords and sessions: signup, login, logout, the caller's identity, and what other modules need of them. */
@Injectable()
export class AuthService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly memberships: MembershipsService,
    private readonly workspaces: WorkspaceService,
    private readonly apiKeys: ApiKeysService,
    private readonly directory: UserDirectory,
  ) {}

  onModuleInit() {
    // the key list names each key's creator: api-keys asks through this lookup (it may not import auth)
    this.directory.register(async (ids) => new Map((await this.users.findByIds(ids)).map((u) => [u.id, toUserRecord(u)])));
  }

  async signup(dto: SignupDto): Promise<AuthResponseDto> {
    const passwordHash = await hashPassword(dto.password);
    const { user, workspaceId, token } = await this.db.transaction(async (tx) => {
      const user = await this.createUser(tx, dto.email, dto.name, passwordHash);
      const ws = await this.workspaces.create(tx, dto.workspaceName);
      await this.memberships.add(tx, ws.id, user.id, 'owner');
      const token = await this.issueToken(tx, user.id, ws.id);
      return { user, workspaceId: ws.id, token };
    });
    return { user: toUserDto(user), workspace: await this.workspaces.get(workspaceId), role: 'owner', ...token };
  }

  /** Creates a user inside the caller's transaction (signup, accepting an invitation without an account); 409 if the email is taken. */
  async createUser(tx: Tx, email: string, name: string, passwordHash: string): Promise<User> {
    try {
      return await this.users.insert(tx, { id: newId(), email: email.toLowerCase(), name, passwordHash });
    } catch (err) {
      if (isUniqueViolation(err, 'uq_users_email')) throw emailTaken();
      throw err;
    }
  }

  /** True if an account exists for this email. */
  async isRegistered(email: string): Promise<boolean> {
    return (await this.users.findByEmail(email)) !== null;
  }

  /**
   * The account of this email and password, or 401 with the same answer for an unknown email and a wrong password
   * (an unknown email still costs one password check, so timing does not tell them apart).
   */
  async authenticate(email: string, password: string): Promise<UserRecord> {
    return toUserRecord(await this.checkPassword(email, password));
  }

  async findUser(userId: string, tx?: Tx): Promise<UserRecord | null> {
    const user = await this.users.findById(userId, tx);
    return user && toUserRecord(user);
  }

  async login(dto: LoginDto): Promise<AuthResponseDto> {
    const user = await this.checkPassword(dto.email, dto.password);
    const active = await this.memberships.activeOf(user.id);
    if (!active.length) throw new DomainError('forbidden', 'This account is not an active member of any workspace');
    const membership = dto.workspaceId ? active.find((m) => m.workspaceId === dto.workspaceId) : active[0];
    if (!membership) throw new DomainError('forbidden', 'This account is not an active member of that workspace');
    const token = await this.issueToken(this.db, user.id, membership.workspaceId);
    return { user: toUserDto(user), workspace: await this.workspaces.get(membership.workspaceId), role: membership.role, ...token };
  }

  /** A new access token of the user for the workspace (in the caller's transaction when given one). */
  async issueToken(sql: Sql, userId: string, workspaceId: string): Promise<IssuedToken> {
    const accessToken = randomToken(ACCESS_TOKEN_PREFIX);
    const expiresIn = this.config.accessTokenTtlSeconds;
    await this.sessions.insert(sql, {
      id: newId(),
      userId,
      workspaceId,
      tokenDigest: sha256Hex(accessToken),
      expiresAt: new Date(Date.now() + expiresIn * 1000),
      revokedAt: null,
    });
    return { accessToken, expiresIn };
  }

  async logout(actor: Actor): Promise<void> {
    const p = actor.principal;
    if (p.type !== 'user' || !p.sessionId)
      throw new DomainError('forbidden', 'Only a user access token can log out; revoke an API key instead');
    await this.sessions.revoke(p.sessionId);
  }

  async me(actor: Actor): Promise<MeDto> {
    const p = actor.principal;
    const workspace = await this.workspaces.get(actor.workspaceId);
    if (p.type === 'api_key') {
      const key = await this.apiKeys.summary(actor.workspaceId, p.apiKeyId as string);
      return { user: null, apiKey: key, workspace, role: p.role, workspaces: [{ id: workspace.id, name: workspace.name, role: p.role }] };
    }
    const user = await this.users.findById(p.userId as string);
    if (!user) throw notFound('User');
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

  /** The caller's display name: the user's name, or `API key "<name>"`. */
  async describe(p: Principal): Promise<ActorDescription> {
    if (p.type === 'user') {
      const user = p.userId ? await this.users.findById(p.userId) : null;
      return { type: 'user', id: p.actorId, name: user?.name ?? 'A team member' };
    }
    // the caller's own key: only a revocation racing this request can make it disappear
    const key = p.apiKeyId ? await this.apiKeys.summary(p.workspaceId, p.apiKeyId).catch(unlessNotFound) : null;
    return { type: 'api_key', id: p.actorId, name: `API key "${key?.name ?? 'unknown'}"` };
  }

  private async checkPassword(email: string, password: string): Promise<User> {
    const user = await this.users.findByEmail(email);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !ok) throw new DomainError('unauthenticated', 'Invalid email or password');
    return user;
  }
}

/** `.catch(unlessNotFound)`: a 404 domain error becomes null; anything else is rethrown. */
const unlessNotFound = (err: unknown): null => {
  if (err instanceof DomainError && err.code === 'not_found') return null;
  throw err;
};

const toUserRecord = (u: User): UserRecord => ({ id: u.id, email: u.email, name: u.name });

const emailTaken = () =>
  new DomainError('conflict', 'An account with this email already exists; log in instead', {
    errors: [{ field: 'email', message: 'is already registered' }],
  });
