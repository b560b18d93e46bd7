import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Actor, auditActor } from '../../common/auth/principal';
import { Role, roleAtLeast } from '../../common/auth/roles';
import { API_KEY_PREFIX, randomToken, sha256Hex } from '../../common/crypto/tokens';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { decodeCursor, Page, PageQueryDto, pageLimit, toPage } from '../../common/pagination/pagination';
import { TouchBuffer } from '../../common/touch-buffer';
import { newId } from '../../database/columns';
import { Db } from '../../database/db';
import { AuditService } from '../audit/audit.service';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { UserDirectory } from './user-directory';

export interface ResolvedApiKey {
  id: string;
  workspaceId: string;
  role: Role;
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

  /** Hot path (every API-key request): one indexed lookup by digest, a prepared statement. */
  async resolve(secret: string): Promise<ResolvedApiKey | null> {
    const row = await this.repo.resolve(sha256Hex(secret));
    if (!row) return null;
    this.lastUsed.touch(row.id);
    return { id: row.id, workspaceId: row.workspace_id, role: row.role };
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
    const role = dto.role ?? 'member';
    if (!roleAtLeast(p.role, role))
      throw new DomainError('forbidden', `You cannot create a key with role ${role}, above your own (${p.role})`);
    const key = randomToken(API_KEY_PREFIX);
    const row = {
      id: newId(),
      workspaceId: actor.workspaceId,
      name: dto.name,
      prefix: key.slice(0, API_KEY_PREFIX.length + 6),
      keyDigest: sha256Hex(key),
      role,
      createdBy: p.userId,
      lastUsedAt: null,
      revokedAt: null,
      createdAt: new Date(), // millisecond precision, like the list cursor
    };
    await this.db.transaction(async (tx) => {
      // a key created with a key acts for the same user: removing or demoting them reaches it too
      if (p.type === 'api_key' && p.apiKeyId) row.createdBy = await this.repo.creatorOf(tx, p.apiKeyId);
      await this.repo.insert(tx, row);
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actor: auditActor(actor),
        action: 'api_key.created',
        targetType: 'api_key',
        targetId: row.id,
        metadata: { name: row.name, role, prefix: row.prefix },
      });
    });
    return { id: row.id, name: row.name, prefix: row.prefix, role, key, createdAt: row.createdAt.toISOString() };
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
          createdAt: r.created_at.toISOString(),
          lastUsedAt: this.lastUsed.merged(r.id, r.last_used_at)?.toISOString() ?? null,
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
