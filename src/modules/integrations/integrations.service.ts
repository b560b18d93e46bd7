import { Injectable, Type } from '@nestjs/common';
import { Actor, auditActor } from '../../common/auth/principal';
import { DomainError, FieldError } from '../../common/errors/domain-error';
import { newEvent } from '../../common/events';
import { stableStringify } from '../../common/json';
import { reportSwallowed } from '../../common/metrics/swallowed';
import { decodeCursor, pageLimit, toPage } from '../../common/pagination/pagination';
import { validationPipe } from '../../common/validation/validation.pipe';
import { newId } from '../../database/columns';
import { Db, Tx } from '../../database/db';
import { AuditService } from '../audit/audit.service';
import { EntitlementsService } from '../billing/entitlements.service';
import { UsageMeters } from '../billing/usage-meters';
import { DeliveryQueryDto } from './dto/delivery-query.dto';
import { PutIntegrationBody } from './dto/integration-config.dto';
import { IntegrationDeliveryDto, IntegrationDto, PUT_DTOS, TestIntegrationResultDto } from './dto/integration.dto';
import { IntegrationConfig } from './entities/integration-config.entity';
import { IntegrationRunner } from './integration-runner';
import { DEFAULT_NAMES, INTEGRATION_TYPES, IntegrationType } from './integration-types';
import { PROVIDERS } from './providers';
import { IntegrationConfigRepository } from './repositories/integration-config.repository';
import { IntegrationDeliveryRepository } from './repositories/integration-delivery.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const bodyPipe = validationPipe();
const TEST_MESSAGE = 'Test alert from Agent Monitoring: if you can read this, the integration works.';

/**
 * Integrations of the caller's workspace: configuration, enabling within the plan's limit, test events and the
 * delivery log. Changes that may enable one more are serialised per workspace (an advisory lock in the change's
 * transaction), so concurrent requests cannot pass the limit. A plan downgrade removes nothing (README): the limit
 * only refuses new enables, so nothing here reacts to `billing.plan_changed`.
 */
@Injectable()
export class IntegrationsService {
  constructor(
    private readonly db: Db,
    private readonly configs: IntegrationConfigRepository,
    private readonly deliveryLog: IntegrationDeliveryRepository,
    private readonly audit: AuditService,
    private readonly entitlements: EntitlementsService,
    private readonly runner: IntegrationRunner,
    meters: UsageMeters,
  ) {
    // GET /billing/usage reports the same count the 402 check below uses
    meters.register('integrations', (workspaceId, tx) => this.configs.countEnabled(workspaceId, tx));
  }

  async list(actor: Actor): Promise<{ data: IntegrationDto[] }> {
    const rows = await this.configs.findAll(actor.workspaceId);
    const byType = new Map(rows.map((r) => [r.type, r]));
    return { data: INTEGRATION_TYPES.map((type) => this.toDto(type, byType.get(type) ?? null)) };
  }

  /** The types configured in a workspace, enabled or not (alert rules may name only these). */
  async configuredTypes(workspaceId: string): Promise<IntegrationType[]> {
    const rows = await this.configs.findAll(workspaceId);
    return rows.filter((r) => r.config !== null).map((r) => r.type);
  }

  async get(actor: Actor, type: IntegrationType): Promise<IntegrationDto> {
    return this.toDto(type, await this.configs.find(actor.workspaceId, type));
  }

  /** Configures (or reconfigures) one integration. The body is validated against that type's schema. */
  async put(actor: Actor, type: IntegrationType, body: unknown): Promise<IntegrationDto> {
    const workspaceId = actor.workspaceId;
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
    const saved = await this.db.transaction(async (tx) => {
      await this.configs.lockWorkspace(tx, workspaceId);
      const existing = await this.configs.findForUpdate(tx, workspaceId, type);
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
      if (enabled && !wasEnabled) await this.assertCanEnable(tx, workspaceId);

      const row =
        existing ??
        Object.assign(new IntegrationConfig(), {
          id: newId(),
          workspaceId,
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
        row.credentials = prepared.credentials ? this.runner.encryptCredentials(workspaceId, type, prepared.credentials) : null;
      }
      row.enabled = enabled;
      // Health of an older configuration says nothing about the new one; nor does a failure streak that disabled it.
      if (changes.includes('config') || changes.includes('credentials') || (enabled && !wasEnabled && row.autoDisabledAt))
        this.resetHealth(row);
      await this.configs.save(tx, row);
      await this.audit.record(tx, {
        workspaceId,
        actor: auditActor(actor),
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
  async enable(actor: Actor, type: IntegrationType): Promise<IntegrationDto> {
    const row = await this.db.transaction(async (tx) => {
      await this.configs.lockWorkspace(tx, actor.workspaceId);
      const existing = await this.configs.findForUpdate(tx, actor.workspaceId, type);
      if (!existing?.config) throw notConfigured(type);
      if (existing.enabled) return existing;
      await this.assertCanEnable(tx, actor.workspaceId);
      const healthReset = !!existing.autoDisabledAt;
      if (healthReset) this.resetHealth(existing);
      existing.enabled = true;
      await this.configs.save(tx, existing);
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actor: auditActor(actor),
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
  async disable(actor: Actor, type: IntegrationType, purge: boolean): Promise<void> {
    await this.db.transaction(async (tx) => {
      const existing = await this.configs.findForUpdate(tx, actor.workspaceId, type);
      if (!existing?.config) return;
      if (purge) {
        existing.config = null;
        existing.credentials = null;
        existing.enabled = false;
        existing.name = DEFAULT_NAMES[type];
        this.resetHealth(existing);
        await this.configs.save(tx, existing);
        await this.audit.record(tx, {
          workspaceId: actor.workspaceId,
          actor: auditActor(actor),
          action: 'integration.purged',
          targetType: 'integration',
          targetId: type,
        });
        return;
      }
      if (!existing.enabled) return;
      existing.enabled = false;
      await this.configs.save(tx, existing);
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actor: auditActor(actor),
        action: 'integration.disabled',
        targetType: 'integration',
        targetId: type,
      });
    });
  }

  /** Sends a real `integration.test` event now; the outcome goes to health, the delivery log and the audit log. */
  async test(actor: Actor, type: IntegrationType): Promise<TestIntegrationResultDto> {
    const row = await this.configs.find(actor.workspaceId, type);
    if (!row?.config) throw notConfigured(type);
    const event = newEvent('integration.test', actor.workspaceId, { message: TEST_MESSAGE });
    // the provider is called outside any transaction; its outcome is recorded after
    const outcome = await this.runner.deliver(row, event);
    await this.db.transaction(async (tx) => {
      await this.runner.recordHealth(row.id, outcome, { autoDisable: false, tx });
      await this.deliveryLog.insertDone(tx, {
        workspaceId: actor.workspaceId,
        integrationId: row.id,
        integrationType: type,
        eventId: event.id,
        eventType: event.type,
        status: outcome.ok ? 'delivered' : 'failed',
        responseStatus: outcome.statusCode ?? null,
        latencyMs: outcome.latencyMs,
        lastError: outcome.error?.slice(0, 500) ?? null,
      });
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actor: auditActor(actor),
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

  async deliveries(actor: Actor, type: IntegrationType, q: DeliveryQueryDto) {
    const limit = pageLimit(q);
    const rows = await this.deliveryLog.page(actor.workspaceId, type, q.status, decodeCursor(q.cursor), limit + 1);
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

  /** 402 when one more enabled integration would pass the plan's limit (read in `tx`, under the workspace's lock). */
  private async assertCanEnable(tx: Tx, workspaceId: string) {
    const { limits } = await this.entitlements.get(workspaceId, tx);
    const used = await this.configs.countEnabled(workspaceId, tx);
    this.entitlements.assertWithin('integrations', limits.integrations, used, 1);
  }

  private resetHealth(row: IntegrationConfig) {
    row.healthStatus = 'unknown';
    row.consecutiveFailures = 0;
    row.lastError = null;
    row.lastCheckedAt = null;
    row.autoDisabledAt = null;
  }

  private toDto(type: IntegrationType, row: IntegrationConfig | null, reveal?: string): IntegrationDto {
    const configured = !!row?.config;
    let credentials: Record<string, unknown> | null = null;
    if (row && configured) {
      try {
        const plain = this.runner.decryptCredentials(row);
        credentials = plain ? PROVIDERS[type].mask(plain) : null;
      } catch (err) {
        // unreadable (key removed from the ring): shown as absent, never as an error; logged and counted
        reportSwallowed('integrations.credentials_unreadable', err, { workspaceId: row.workspaceId, type });
        credentials = null;
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
