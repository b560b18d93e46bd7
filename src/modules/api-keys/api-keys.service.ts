import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Actor, auditActor } from '../../common/auth/principal';
import { Role, roleAtLeast } from '../../common/auth/roles';
import { API_KEY_PREFIX, randomToken, sha256Hex } from '../../common/crypto/tokens';
import { conflict, DomainError, notFound, validationFailed } from '../../common/errors/domain-error';
import { decodeCursor, Page, PageQueryDto, pageLimit, toPage } from '../../common/pagination/pagination';
import { TouchBuffer } from '../../common/touch-buffer';
import { newId } from '../../database/columns';
import { Db, Tx } from '../../database/db';
import { AuditService } from '../audit/audit.service';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto, DEFAULT_GRACE_SECONDS, RotateApiKeyDto } from './dto/api-key.dto';
import { KeyScope } from './entities/api-key.entity';
import { UserDirectory } from './user-directory';

export interface ResolvedApiKey {
  id: string;
  workspaceId: string;
  role: Role;
  scope: KeyScope;
}

/** Why a known key may not act (401), with its workspace (ingest health counts the refusal there). */
export interface RefusedApiKey {
  refused: 'revoked' | 'expired' | 'grace_ended';
  workspaceId: string;
  /** when it expired or its grace ended (null for revoked) */
  at: Date | null;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  role: Role;
}

/**
 * API keys of a workspace. A key acts for the user who created it (`created_by`; for a key created with a key, that
 * key's user): its role never exceeds theirs (at creation here, afterwards through KeyPowerPolicy).
 */
@Injectable()
export class ApiKeysService implements OnModuleInit, OnModuleDestroy {
  /** lastUsedAt updates, coalesced: at most one write per key per flush interval. */
  private readonly lastUsed = new TouchBuffer({ name: 'api_keys.last_used_at', write: (entries) => this.repo.touch(entries) });

  constructor(
    private readonly db: Db,
    private readonly repo: ApiKeysRepository,
    private readonly audit: AuditService,
    private readonly users: UserDirectory,
  ) {}

  onModuleInit() {
    this.lastUsed.start();
  }

  async onModuleDestroy() {
    await this.lastUsed.stop();
  }

  /**
   * Hot path (every API-key request): one indexed lookup by digest, a prepared statement. A revoked key, an expired
   * one or a rotated one past its grace is refused (null for an unknown secret); the times are compared here, on every
   * request, so a cached lookup could never outlive them.
   */
  async resolve(secret: string): Promise<ResolvedApiKey | RefusedApiKey | null> {
    const row = await this.repo.resolve(sha256Hex(secret));
    if (!row) return null;
    if (row.revoked_at) return { refused: 'revoked', workspaceId: row.workspace_id, at: null };
    const now = Date.now();
    if (row.grace_ends_at && row.grace_ends_at.getTime() <= now)
      return { refused: 'grace_ended', workspaceId: row.workspace_id, at: row.grace_ends_at };
    if (row.expires_at && row.expires_at.getTime() <= now) return { refused: 'expired', workspaceId: row.workspace_id, at: row.expires_at };
    this.lastUsed.touch(row.id);
    return { id: row.id, workspaceId: row.workspace_id, role: row.role, scope: row.scope };
  }

  /** Writes the pending lastUsedAt times now (tests, shutdown). */
  flushTouches(): Promise<void> {
    return this.lastUsed.flush();
  }

  async summary(workspaceId: string, id: string): Promise<ApiKeySummary> {
    const key = await this.repo.findById(workspaceId, id);
    if (!key) throw notFound('API key');
    return { id: key.id, name: key.name, prefix: key.prefix, role: key.role };
  }

  async create(actor: Actor, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const p = actor.principal;
    const scope = dto.scope ?? 'full';
    const role = dto.role ?? 'member';
    if (scope === 'ingest' && role !== 'member') throw validationFailed('role', 'an ingest key has the member role');
    let expiresAt: Date | null = null;
    if (dto.expiresAt !== undefined) {
      expiresAt = new Date(dto.expiresAt);
      if (!Number.isFinite(expiresAt.getTime())) throw validationFailed('expiresAt', 'must be a valid ISO-8601 time');
      if (expiresAt.getTime() <= Date.now()) throw validationFailed('expiresAt', 'must be in the future');
    }
    if (!roleAtLeast(p.role, role))
      throw new DomainError('forbidden', `You cannot create a key with role ${role}, above your own (${p.role})`);
    return this.db.transaction(async (tx) => {
      // a key created with a key acts for the same user: removing or demoting them reaches it too
      const createdBy = p.type === 'api_key' && p.apiKeyId ? await this.repo.creatorOf(tx, p.apiKeyId) : p.userId;
      const { created } = await this.insertKey(tx, actor, { name: dto.name, role, scope, expiresAt, createdBy });
      return created;
    });
  }

  /** Inserts a new key with its `api_key.created` audit entry; the secret is returned once, in `created.key`. */
  private async insertKey(
    tx: Tx,
    actor: Actor,
    k: { name: string; role: Role; scope: KeyScope; expiresAt: Date | null; createdBy: string | null },
    audit: Record<string, unknown> = {},
  ): Promise<{ created: CreatedApiKeyDto }> {
    const key = randomToken(API_KEY_PREFIX);
    const row = {
      id: newId(),
      workspaceId: actor.workspaceId,
      name: k.name,
      prefix: key.slice(0, API_KEY_PREFIX.length + 6),
      keyDigest: sha256Hex(key),
      role: k.role,
      scope: k.scope,
      createdBy: k.createdBy,
      lastUsedAt: null,
      revokedAt: null,
      expiresAt: k.expiresAt,
      graceEndsAt: null,
      rotatedTo: null,
      createdAt: new Date(), // millisecond precision, like the list cursor
    };
    await this.repo.insert(tx, row);
    await this.audit.record(tx, {
      workspaceId: actor.workspaceId,
      actor: auditActor(actor),
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: row.id,
      metadata: {
        name: row.name,
        role: row.role,
        scope: row.scope,
        prefix: row.prefix,
        expiresAt: row.expiresAt?.toISOString() ?? null,
        ...audit,
      },
    });
    return {
      created: {
        id: row.id,
        name: row.name,
        prefix: row.prefix,
        role: row.role,
        scope: row.scope,
        key,
        createdAt: row.createdAt.toISOString(),
        expiresAt: row.expiresAt?.toISOString() ?? null,
      },
    };
  }

  /**
   * Replaces a key by a new one with its name, role, scope, expiry and creator; the old key keeps working for
   * `gracePeriodSeconds` (default 3600), then answers 401. A key already rotated, or expired, is a 409: rotate its
   * replacement, or create a new key. A key above the caller's role is a 403 (the caller would get its secret).
   */
  async rotate(actor: Actor, id: string, dto: RotateApiKeyDto): Promise<CreatedApiKeyDto> {
    const grace = dto.gracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
    return this.db.transaction(async (tx) => {
      const old = await this.repo.lockForRotation(tx, actor.workspaceId, id);
      if (!old) throw notFound('API key');
      const now = Date.now();
      if (old.grace_ends_at) {
        throw conflict(
          old.grace_ends_at.getTime() <= now
            ? 'This API key was rotated and its grace period has ended'
            : `This API key was already rotated (its grace period ends at ${old.grace_ends_at.toISOString()}); rotate its replacement`,
        );
      }
      if (old.expires_at && old.expires_at.getTime() <= now) {
        throw conflict(`This API key expired at ${old.expires_at.toISOString()}; create a new key instead`);
      }
      if (!roleAtLeast(actor.principal.role, old.role))
        throw new DomainError('forbidden', `You cannot rotate a key with role ${old.role}, above your own (${actor.principal.role})`);
      const graceEndsAt = new Date(now + grace * 1000);
      const { created } = await this.insertKey(
        tx,
        actor,
        { name: old.name, role: old.role, scope: old.scope, expiresAt: old.expires_at, createdBy: old.created_by },
        { rotatedFrom: old.id },
      );
      await this.repo.markRotated(tx, old.id, created.id, graceEndsAt);
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actor: auditActor(actor),
        action: 'api_key.rotated',
        targetType: 'api_key',
        targetId: old.id,
        metadata: {
          name: old.name,
          prefix: old.prefix,
          replacementId: created.id,
          replacementPrefix: created.prefix,
          gracePeriodSeconds: grace,
          graceEndsAt: graceEndsAt.toISOString(),
        },
      });
      return created;
    });
  }

  async list(actor: Actor, q: PageQueryDto): Promise<Page<ApiKeyDto>> {
    const limit = pageLimit(q);
    const rows = await this.repo.page(actor.workspaceId, decodeCursor(q.cursor), limit + 1);
    const creators = await this.users.summaries([...new Set(rows.flatMap((r) => (r.created_by ? [r.created_by] : [])))]);
    return toPage(
      rows,
      limit,
      (r) => ({ v: r.created_at.toISOString(), id: r.id }),
      (r): ApiKeyDto => {
        const creator = r.created_by ? creators.get(r.created_by) : undefined;
        return {
          id: r.id,
          name: r.name,
          prefix: r.prefix,
          role: r.role,
          scope: r.scope,
          createdAt: r.created_at.toISOString(),
          lastUsedAt: this.lastUsed.merged(r.id, r.last_used_at)?.toISOString() ?? null,
          expiresAt: r.expires_at?.toISOString() ?? null,
          graceEndsAt: r.grace_ends_at?.toISOString() ?? null,
          createdBy: creator ? { id: creator.id, name: creator.name, email: creator.email } : null,
        };
      },
    );
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await this.repo.revoke(tx, actor.workspaceId, id);
      if (!row) throw notFound('API key');
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actor: auditActor(actor),
        action: 'api_key.revoked',
        targetType: 'api_key',
        targetId: id,
        metadata: { name: row.name, prefix: row.prefix },
      });
    });
  }
}
