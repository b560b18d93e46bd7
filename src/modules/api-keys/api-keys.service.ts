import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { actorOf, Principal } from '../../common/auth/principal';
import { Role, roleAtLeast } from '../../common/auth/roles';
import { API_KEY_PREFIX, randomToken, sha256Hex } from '../../common/crypto/tokens';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { decodeCursor, PageQueryDto, pageLimit, toPage } from '../../common/pagination/pagination';
import { newId } from '../../database/columns';
import { PG_POOL } from '../../database/pg-pool';
import { AuditService } from '../audit/audit.service';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { ApiKey } from './entities/api-key.entity';

export interface ResolvedApiKey {
  id: string;
  workspaceId: string;
  role: Role;
}

const TOUCH_FLUSH_MS = 10_000;

@Injectable()
export class ApiKeysService implements OnModuleInit, OnModuleDestroy {
  /** lastUsedAt updates, coalesced: at most one write per key per flush interval. */
  private readonly touched = new Map<string, Date>();
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly audit: AuditService,
  ) {}

  onModuleInit() {
    this.timer = setInterval(() => void this.flushTouches(), TOUCH_FLUSH_MS);
    this.timer.unref();
  }

  async onModuleDestroy() {
    if (this.timer) clearInterval(this.timer);
    await this.flushTouches();
  }

  /** Hot path (every API-key request): one indexed lookup by digest. */
  async resolve(secret: string): Promise<ResolvedApiKey | null> {
    // a named statement: prepared once per connection (the hot path of every API-key request)
    const { rows } = await this.pool.query<{ id: string; workspace_id: string; role: Role }>({
      name: 'auth_resolve_api_key',
      text: 'SELECT id, workspace_id, role FROM api_keys WHERE key_digest = $1 AND revoked_at IS NULL',
      values: [sha256Hex(secret)],
    });
    const row = rows[0];
    if (!row) return null;
    this.touched.set(row.id, new Date());
    return { id: row.id, workspaceId: row.workspace_id, role: row.role };
  }

  async flushTouches() {
    if (!this.touched.size) return;
    const entries = [...this.touched];
    this.touched.clear();
    await this.pool
      .query(
        `UPDATE api_keys k SET last_used_at = v.t FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, t)
        WHERE k.id = v.id AND (k.last_used_at IS NULL OR k.last_used_at < v.t)`,
        [entries.map(([id]) => id), entries.map(([, t]) => t)],
      )
      .catch(() => undefined);
  }

  async summary(workspaceId: string, id: string) {
    const key = await this.ds.getRepository(ApiKey).findOneBy({ id, workspaceId });
    if (!key) throw notFound('API key');
    return { id: key.id, name: key.name, prefix: key.prefix, role: key.role };
  }

  async create(p: Principal, dto: CreateApiKeyDto, ip: string): Promise<CreatedApiKeyDto> {
    const role = dto.role ?? 'member';
    if (!roleAtLeast(p.role, role))
      throw new DomainError('forbidden', `You cannot create a key with role ${role}, above your own (${p.role})`);
    const key = randomToken(API_KEY_PREFIX);
    const entity = await this.ds.transaction(async (m) => {
      const row = m.create(ApiKey, {
        id: newId(),
        workspaceId: p.workspaceId,
        name: dto.name,
        prefix: key.slice(0, API_KEY_PREFIX.length + 6),
        keyDigest: sha256Hex(key),
        role,
        createdBy: p.userId,
        lastUsedAt: null,
        revokedAt: null,
        createdAt: new Date(), // millisecond precision, like the list cursor
      });
      await m.save(row);
      await this.audit.record(m, {
        workspaceId: p.workspaceId,
        actor: actorOf(p, ip),
        action: 'api_key.created',
        targetType: 'api_key',
        targetId: row.id,
        metadata: { name: row.name, role, prefix: row.prefix },
      });
      return row;
    });
    return { id: entity.id, name: entity.name, prefix: entity.prefix, role: entity.role, key, createdAt: entity.createdAt.toISOString() };
  }

  async list(p: Principal, q: PageQueryDto) {
    const limit = pageLimit(q);
    const after = decodeCursor(q.cursor);
    const params: unknown[] = [p.workspaceId, limit + 1];
    let where = 'k.workspace_id = $1 AND k.revoked_at IS NULL';
    if (after) {
      params.push(after.v, after.id);
      where += ' AND (k.created_at, k.id) < ($3::timestamptz, $4::uuid)';
    }
    const { rows } = await this.pool.query<{
      id: string;
      name: string;
      prefix: string;
      role: Role;
      created_at: Date;
      last_used_at: Date | null;
      u_id: string | null;
      u_name: string | null;
      u_email: string | null;
    }>(
      `SELECT k.id, k.name, k.prefix, k.role, k.created_at, k.last_used_at, u.id AS u_id, u.name AS u_name, u.email AS u_email
         FROM api_keys k LEFT JOIN users u ON u.id = k.created_by
        WHERE ${where} ORDER BY k.created_at DESC, k.id DESC LIMIT $2`,
      params,
    );
    return toPage(
      rows,
      limit,
      (r) => ({ v: r.created_at.toISOString(), id: r.id }),
      (r): ApiKeyDto => ({
        id: r.id,
        name: r.name,
        prefix: r.prefix,
        role: r.role,
        createdAt: r.created_at.toISOString(),
        lastUsedAt: (this.touched.get(r.id) ?? r.last_used_at)?.toISOString() ?? null,
        createdBy: r.u_id ? { id: r.u_id, name: r.u_name as string, email: r.u_email as string } : null,
      }),
    );
  }

  async revoke(p: Principal, id: string, ip: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      const res = await m
        .createQueryBuilder()
        .update(ApiKey)
        .set({ revokedAt: () => 'now()' })
        .where('id = :id AND workspace_id = :ws AND revoked_at IS NULL', { id, ws: p.workspaceId })
        .returning(['id', 'name', 'prefix'])
        .execute();
      const row = (res.raw as { id: string; name: string; prefix: string }[])[0];
      if (!row) throw notFound('API key');
      await this.audit.record(m, {
        workspaceId: p.workspaceId,
        actor: actorOf(p, ip),
        action: 'api_key.revoked',
        targetType: 'api_key',
        targetId: id,
        metadata: { name: row.name, prefix: row.prefix },
      });
    });
  }
}
