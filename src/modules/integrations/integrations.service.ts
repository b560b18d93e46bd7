import { Injectable, Type } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf, Principal } from '../../common/auth/principal';
import { DomainError, FieldError } from '../../common/errors/domain-error';
import { newEvent } from '../../common/events';
import { stableStringify } from '../../common/json';
import { decodeCursor, pageLimit, toPage } from '../../common/pagination/pagination';
import { validationPipe } from '../../common/validation/validation.pipe';
import { newId } from '../../database/columns';
import { AuditService } from '../audit/audit.service';
import { EntitlementsService } from '../billing/entitlements.service';
import { DeliveryQueryDto } from './dto/delivery-query.dto';
import { PutIntegrationBody } from './dto/integration-config.dto';
import { IntegrationDeliveryDto, IntegrationDto, PUT_DTOS, TestIntegrationResultDto } from './dto/integration.dto';
import { IntegrationConfig } from './entities/integration-config.entity';
import { IntegrationDelivery } from './entities/integration-delivery.entity';
import { IntegrationRunner } from './integration-runner';
import { DEFAULT_NAMES, INTEGRATION_TYPES, IntegrationType } from './integration-types';
import { countEnabledIntegrations } from './integrations-usage.service';
import { PROVIDERS } from './providers';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const bodyPipe = validationPipe();
const TEST_MESSAGE = 'Test alert from Agent Monitoring: if you can read this, the integration works.';

/** Serialises changes that enable integrations in one workspace, so the plan limit cannot be overshot by concurrent requests. */
const lockWorkspaceIntegrations = (m: EntityManager, workspaceId: string) =>
  m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`integrations:${workspaceId}`]);

@Injectable()
export class IntegrationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly entitlements: EntitlementsService,
    private readonly runner: IntegrationRunner,
  ) {}

  async list(p: Principal): Promise<{ data: IntegrationDto[] }> {
    const rows = await this.ds.getRepository(IntegrationConfig).findBy({ workspaceId: p.workspaceId });
    const byType = new Map(rows.map((r) => [r.type, r]));
    return { data: INTEGRATION_TYPES.map((type) => this.toDto(type, byType.get(type) ?? null)) };
  }

  async get(p: Principal, type: IntegrationType): Promise<IntegrationDto> {
    return this.toDto(type, await this.find(this.ds.manager, p.workspaceId, type));
  }

  /** Configures (or reconfigures) one integration. The body is validated against that type's schema. */
  async put(p: Principal, type: IntegrationType, body: unknown, ip: string): Promise<IntegrationDto> {
    const provider = PROVIDERS[type];
    const dto = (await bodyPipe.transform(body, {
      type: 'body',
      metatype: PUT_DTOS[type] as Type<PutIntegrationBody>,
      data: undefined,
    })) as PutIntegrationBody;
    // An optional field sent as null means "not set", like an absent one (it is neither stored nor returned as null).
    const withoutNulls = (v: object) =>
      JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x === null ? undefined : x))) as Record<string, unknown>;
    const config = withoutNulls(dto.config);
    const given = dto.credentials == null ? undefined : withoutNulls(dto.credentials);
    let reveal: string | undefined;
    const saved = await this.ds.transaction(async (m) => {
      await lockWorkspaceIntegrations(m, p.workspaceId);
      const existing = await this.find(m, p.workspaceId, type, true);
      const configured = !!existing?.config;
      let stored: Record<string, unknown> | null = null;
      if (configured && given === undefined) {
        try {
          stored = this.runner.decryptCredentials(existing);
        } catch {
          throw new DomainError(
            'conflict',
            'The stored credentials cannot be read (encryption key no longer available); send credentials again',
            { errors: [{ field: 'credentials', message: 'credentials must be sent again' }] },
          );
        }
      }
      if (!configured && given === undefined && provider.credentialsRequired) {
        throw fieldErrors([{ field: 'credentials', message: 'credentials is required when the integration is first configured' }]);
      }
      const prepared = provider.prepareCredentials(given, stored);
      reveal = prepared.reveal;
      const problems = provider.check(config, prepared.credentials, this.runner.ctx);
      if (problems.length) throw fieldErrors(problems);

      const wasEnabled = configured && !!existing?.enabled;
      const enabled = dto.enabled ?? (configured ? wasEnabled : true);
      if (enabled && !wasEnabled) await this.assertCanEnable(m, p.workspaceId);

      const row =
        existing ??
        m.create(IntegrationConfig, {
          id: newId(),
          workspaceId: p.workspaceId,
          type,
          healthStatus: 'unknown',
          consecutiveFailures: 0,
          lastCheckedAt: null,
          lastSuccessAt: null,
          lastError: null,
          autoDisabledAt: null,
        });
      const changes: string[] = [];
      const name = dto.name ?? (configured ? existing!.name : DEFAULT_NAMES[type]);
      if (!configured || name !== existing!.name) changes.push('name');
      if (!configured || stableStringify(config) !== stableStringify(existing!.config)) changes.push('config');
      if (given !== undefined || !configured) changes.push('credentials');
      if (enabled !== wasEnabled) changes.push('enabled');
      if (!changes.length) return row;

      row.name = name;
      row.config = config;
      if (given !== undefined || !configured) {
        row.credentials = prepared.credentials ? this.runner.encryptCredentials(p.workspaceId, type, prepared.credentials) : null;
      }
      row.enabled = enabled;
      // Health of an older configuration says nothing about the new one; nor does a failure streak that disabled it.
      if (changes.includes('config') || changes.includes('credentials') || (enabled && !wasEnabled && row.autoDisabledAt))
        this.resetHealth(row);
      await m.save(row);
      await this.audit.record(m, {
        workspaceId: p.workspaceId,
        actor: actorOf(p, ip),
        action: 'integration.updated',
        targetType: 'integration',
        targetId: type,
        metadata: { created: !configured, changed: changes, enabled },
      });
      return row;
    });
    return this.toDto(type, saved, reveal);
  }

  /** Turns a configured integration back on (health reset if health checks had turned it off). */
  async enable(p: Principal, type: IntegrationType, ip: string): Promise<IntegrationDto> {
    const row = await this.ds.transaction(async (m) => {
      await lockWorkspaceIntegrations(m, p.workspaceId);
      const existing = await this.find(m, p.workspaceId, type, true);
      if (!existing?.config) throw notConfigured(type);
      if (existing.enabled) return existing;
      await this.assertCanEnable(m, p.workspaceId);
      const healthReset = !!existing.autoDisabledAt;
      if (healthReset) this.resetHealth(existing);
      existing.enabled = true;
      await m.save(existing);
      await this.audit.record(m, {
        workspaceId: p.workspaceId,
        actor: actorOf(p, ip),
        action: 'integration.enabled',
        targetType: 'integration',
        targetId: type,
        metadata: { healthReset },
      });
      return existing;
    });
    return this.toDto(type, row);
  }

  /** DELETE: disables, config kept; `purge` also erases config and credentials (back to not configured). */
  async disable(p: Principal, type: IntegrationType, purge: boolean, ip: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      const existing = await this.find(m, p.workspaceId, type, true);
      if (!existing?.config) return;
      if (purge) {
        existing.config = null;
        existing.credentials = null;
        existing.enabled = false;
        existing.name = DEFAULT_NAMES[type];
        this.resetHealth(existing);
        await m.save(existing);
        await this.audit.record(m, {
          workspaceId: p.workspaceId,
          actor: actorOf(p, ip),
          action: 'integration.purged',
          targetType: 'integration',
          targetId: type,
        });
        return;
      }
      if (!existing.enabled) return;
      existing.enabled = false;
      await m.save(existing);
      await this.audit.record(m, {
        workspaceId: p.workspaceId,
        actor: actorOf(p, ip),
        action: 'integration.disabled',
        targetType: 'integration',
        targetId: type,
      });
    });
  }

  /** Sends a real `integration.test` event now; the outcome goes to health, the delivery log and the audit log. */
  async test(p: Principal, type: IntegrationType, ip: string): Promise<TestIntegrationResultDto> {
    const row = await this.find(this.ds.manager, p.workspaceId, type);
    if (!row?.config) throw notConfigured(type);
    const event = newEvent('integration.test', p.workspaceId, { message: TEST_MESSAGE });
    const outcome = await this.runner.deliver(row, event);
    await this.ds.transaction(async (m) => {
      await this.runner.recordHealth(row.id, outcome, { autoDisable: false, manager: m });
      await m.insert(IntegrationDelivery, {
        id: newId(),
        workspaceId: p.workspaceId,
        integrationId: row.id,
        integrationType: type,
        eventId: event.id,
        eventType: event.type,
        status: outcome.ok ? 'delivered' : 'failed',
        attempts: 1,
        responseStatus: outcome.statusCode ?? null,
        latencyMs: outcome.latencyMs,
        lastError: outcome.error?.slice(0, 500) ?? null,
        deliveredAt: outcome.ok ? new Date() : null,
      });
      await this.audit.record(m, {
        workspaceId: p.workspaceId,
        actor: actorOf(p, ip),
        action: 'integration.tested',
        targetType: 'integration',
        targetId: type,
        metadata: { ok: outcome.ok, statusCode: outcome.statusCode ?? null, latencyMs: outcome.latencyMs },
      });
    });
    const result: TestIntegrationResultDto = { ok: outcome.ok, latencyMs: outcome.latencyMs };
    if (outcome.statusCode !== undefined) result.statusCode = outcome.statusCode;
    if (!outcome.ok) result.error = outcome.error ?? 'failed';
    return result;
  }

  async deliveries(p: Principal, type: IntegrationType, q: DeliveryQueryDto) {
    const limit = pageLimit(q);
    const after = decodeCursor(q.cursor);
    const qb = this.ds
      .getRepository(IntegrationDelivery)
      .createQueryBuilder('d')
      .where('d.workspace_id = :ws AND d.integration_type = :type', { ws: p.workspaceId, type });
    if (q.status) qb.andWhere('d.status = :status', { status: q.status });
    if (after) qb.andWhere('(d.created_at, d.id) < (:v::timestamptz, :id::uuid)', { v: after.v, id: after.id });
    const rows = await qb
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    return toPage(
      rows,
      limit,
      (r) => ({ v: r.createdAt.toISOString(), id: r.id }),
      (r): IntegrationDeliveryDto => ({
        id: r.id,
        eventId: r.eventId,
        eventType: r.eventType,
        status: r.status,
        attempts: r.attempts,
        responseStatus: r.responseStatus,
        latencyMs: r.latencyMs,
        lastError: r.lastError,
        createdAt: r.createdAt.toISOString(),
        deliveredAt: iso(r.deliveredAt),
      }),
    );
  }

  private async assertCanEnable(m: EntityManager, workspaceId: string) {
    const { limits } = await this.entitlements.get(workspaceId, m);
    const used = await countEnabledIntegrations(m, workspaceId);
    this.entitlements.assertWithin('integrations', limits.integrations, used, 1);
  }

  private resetHealth(row: IntegrationConfig) {
    row.healthStatus = 'unknown';
    row.consecutiveFailures = 0;
    row.lastError = null;
    row.lastCheckedAt = null;
    row.autoDisabledAt = null;
  }

  private find(m: EntityManager, workspaceId: string, type: IntegrationType, lock = false): Promise<IntegrationConfig | null> {
    return m
      .getRepository(IntegrationConfig)
      .findOne({ where: { workspaceId, type }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  private toDto(type: IntegrationType, row: IntegrationConfig | null, reveal?: string): IntegrationDto {
    const configured = !!row?.config;
    let credentials: Record<string, unknown> | null = null;
    if (row && configured) {
      try {
        const plain = this.runner.decryptCredentials(row);
        credentials = plain ? PROVIDERS[type].mask(plain) : null;
      } catch {
        credentials = null; // unreadable (key removed from the ring): shown as absent, never as an error
      }
    }
    const dto = {
      type,
      name: row?.name ?? DEFAULT_NAMES[type],
      enabled: configured && !!row?.enabled,
      configured,
      autoDisabled: !!row?.autoDisabledAt,
      config: configured ? row!.config : null,
      credentials,
      health: {
        status: row?.healthStatus ?? 'unknown',
        lastCheckedAt: iso(row?.lastCheckedAt ?? null),
        lastSuccessAt: iso(row?.lastSuccessAt ?? null),
        lastError: row?.lastError ?? null,
        consecutiveFailures: row?.consecutiveFailures ?? 0,
      },
      updatedAt: configured ? iso(row!.updatedAt) : null,
    } as IntegrationDto;
    if (reveal !== undefined) (dto as { signingSecret?: string }).signingSecret = reveal;
    return dto;
  }
}

const fieldErrors = (errors: FieldError[]) =>
  new DomainError(
    'validation_failed',
    errors
      .map((e) => e.message)
      .slice(0, 5)
      .join('; '),
    { errors },
  );

const notConfigured = (type: IntegrationType) =>
  new DomainError('conflict', `The ${type} integration is not configured; PUT its configuration first`);
