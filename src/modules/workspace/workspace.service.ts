import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Actor, auditActor } from '../../common/auth/principal';
import { CacheService, CacheTtl } from '../../common/cache/cache.service';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { newId } from '../../database/columns';
import { Db, Tx } from '../../database/db';
import { isUniqueViolation } from '../../database/errors';
import { AuditService } from '../audit/audit.service';
import { UpdateWorkspaceDto, WorkspaceDto } from './dto/workspace.dto';
import { DEFAULT_WORKSPACE_SETTINGS, Workspace } from './entities/workspace.entity';
import { WorkspaceRepository } from './workspace.repository';

export const slugify = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

export const toWorkspaceDto = (w: Workspace): WorkspaceDto => ({
  id: w.id,
  name: w.name,
  slug: w.slug,
  timezone: w.timezone,
  settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...w.settings },
  createdAt: w.createdAt.toISOString(),
  updatedAt: w.updatedAt.toISOString(),
});

const cacheKey = (id: string) => `workspace:${id}`;

@Injectable()
export class WorkspaceService {
  constructor(
    private readonly db: Db,
    private readonly repo: WorkspaceRepository,
    private readonly cache: CacheService,
    private readonly audit: AuditService,
  ) {}

  /** Creates a workspace inside the caller's transaction, with a unique slug derived from its name. */
  async create(tx: Tx, name: string): Promise<Workspace> {
    const base = slugify(name);
    const slug = (base.length >= 2 ? base : `ws-${base}`.replace(/-$/, '')) + '-' + randomBytes(3).toString('hex');
    return this.repo.insert(tx, { id: newId(), name, slug, timezone: 'UTC', settings: { ...DEFAULT_WORKSPACE_SETTINGS } });
  }

  /**
   * Locks the workspace row until `tx` ends: the rules of other modules that depend on counts (seats, the last
   * owner) run under it, so concurrent requests of one workspace are serialised. 404 if it does not exist.
   */
  async lock(tx: Tx, workspaceId: string): Promise<void> {
    if (!(await this.repo.lock(tx, workspaceId))) throw notFound('Workspace');
  }

  async get(workspaceId: string): Promise<WorkspaceDto> {
    return this.cache.getOrSet(cacheKey(workspaceId), CacheTtl.short, async () => {
      const ws = await this.repo.findById(workspaceId);
      if (!ws) throw notFound('Workspace');
      return toWorkspaceDto(ws);
    });
  }

  async summaries(ids: string[]): Promise<Map<string, Workspace>> {
    if (!ids.length) return new Map();
    return new Map((await this.repo.findByIds(ids)).map((w) => [w.id, w]));
  }

  async update(actor: Actor, dto: UpdateWorkspaceDto): Promise<WorkspaceDto> {
    try {
      const updated = await this.db.transaction(async (tx) => {
        const ws = await this.repo.lockById(tx, actor.workspaceId);
        if (!ws) throw notFound('Workspace');
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        for (const field of ['name', 'slug', 'timezone'] as const) {
          if (dto[field] !== undefined && dto[field] !== ws[field]) {
            before[field] = ws[field];
            after[field] = dto[field];
            ws[field] = dto[field] as string;
          }
        }
        if (dto.settings) {
          const current = { ...DEFAULT_WORKSPACE_SETTINGS, ...ws.settings };
          const next = { ...current };
          for (const [k, v] of Object.entries(dto.settings) as [keyof typeof next, never][]) {
            if (v !== undefined && current[k] !== v) {
              before[`settings.${k}`] = current[k];
              after[`settings.${k}`] = v;
              next[k] = v;
            }
          }
          ws.settings = next;
        }
        if (Object.keys(after).length) {
          await this.repo.save(tx, ws);
          await this.audit.record(tx, {
            workspaceId: actor.workspaceId,
            actor: auditActor(actor),
            action: 'workspace.updated',
            targetType: 'workspace',
            targetId: ws.id,
            metadata: { before, after },
          });
        }
        return ws;
      });
      await this.cache.invalidate(cacheKey(actor.workspaceId));
      return toWorkspaceDto(updated);
    } catch (err) {
      if (isUniqueViolation(err, 'uq_workspaces_slug')) {
        throw new DomainError('conflict', 'That slug is already taken', { errors: [{ field: 'slug', message: 'is already taken' }] });
      }
      throw err;
    }
  }
}
