import { Inject, Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { KEY_RING, KeyRing } from '../../common/crypto/encryption';
import type { DomainEvent } from '../../common/events';
import { OutboundError, OutboundHttpClient } from '../../common/http/outbound-http';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Db, Tx } from '../../database/db';
import { AuditService } from '../audit/audit.service';
import { IntegrationConfig } from './entities/integration-config.entity';
import { AUTO_DISABLE_AFTER_FAILURES } from './integration-types';
import { PROVIDERS } from './providers';
import { IntegrationConfigRepository } from './repositories/integration-config.repository';
import type { ProviderContext, ProviderRequest, Purpose } from './providers/provider';

/** The result of one request to a provider, as shown to users (test endpoint, delivery log, health). */
export interface Outcome {
  ok: boolean;
  retryable: boolean;
  statusCode?: number;
  latencyMs: number;
  error?: string;
  /** a 429 or 503 answer's Retry-After, in ms (at most an hour): the next attempt waits at least this long */
  retryAfterMs?: number;
}

const MAX_RETRY_AFTER_MS = 3600_000;

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  const ms = /^\d{1,10}$/.test(value) ? Number(value) * 1000 : /GMT$/.test(value) ? Date.parse(value) - now : NaN;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

/** Total time allowed for one provider request (API.md: 10 s). */
export const PROVIDER_TIMEOUT_MS = 10_000;

// Refusals are decisions about the destination, not transient failures.
const FINAL_FAILURES = new Set(['invalid_url', 'refused_address', 'refused_redirect', 'too_many_redirects']);

export const credentialsAad = (workspaceId: string, type: string) => `integration:${workspaceId}:${type}`;

/**
 * Sends provider requests (alerts, test events, health probes) through the SSRF-safe client, and
 * records health. Shared by the API (test endpoint) and the worker (deliveries, health checks).
 */
@Injectable()
export class IntegrationRunner {
  private readonly logger = new Logger('Integrations');
  readonly ctx: ProviderContext;

  constructor(
    private readonly db: Db,
    private readonly configs: IntegrationConfigRepository,
    @Inject(KEY_RING) private readonly ring: KeyRing,
    private readonly http: OutboundHttpClient,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ctx = {
      appUrl: config.appUrl,
      pagerdutyEventsUrl: config.outbound.pagerdutyEventsUrl,
      datadogApiUrl: config.outbound.datadogApiUrl,
      http,
    };
  }

  decryptCredentials<T = Record<string, unknown>>(row: Pick<IntegrationConfig, 'workspaceId' | 'type' | 'credentials'>): T | null {
    if (!row.credentials) return null;
    return JSON.parse(this.ring.decrypt(row.credentials, credentialsAad(row.workspaceId, row.type))) as T;
  }

  encryptCredentials(workspaceId: string, type: string, credentials: object): string {
    return this.ring.encrypt(JSON.stringify(credentials), credentialsAad(workspaceId, type));
  }

  /** Delivers one event to one integration (one attempt). */
  deliver(row: IntegrationConfig, event: DomainEvent): Promise<Outcome> {
    const provider = PROVIDERS[row.type];
    return this.run(row, 'event', (credentials) => provider.eventRequest(event, row.config, credentials, this.ctx));
  }

  /** The provider's side-effect free health probe. */
  probe(row: IntegrationConfig): Promise<Outcome> {
    const provider = PROVIDERS[row.type];
    return this.run(row, 'health', (credentials) => provider.healthRequest(row.config, credentials, this.ctx));
  }

  private async run(row: IntegrationConfig, purpose: Purpose, build: (credentials: any) => ProviderRequest): Promise<Outcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let credentials: unknown;
    try {
      credentials = this.decryptCredentials(row);
    } catch (err) {
      this.logger.error({ integrationId: row.id, type: row.type, err: (err as Error).message }, 'cannot decrypt integration credentials');
      return { ok: false, retryable: false, latencyMs: elapsed(), error: 'stored credentials cannot be read; save the credentials again' };
    }
    let request: ProviderRequest;
    try {
      request = build(credentials);
    } catch (err) {
      this.logger.error({ integrationId: row.id, type: row.type, err: (err as Error).message }, 'cannot build the provider request');
      return { ok: false, retryable: false, latencyMs: elapsed(), error: 'the request for this event could not be built' };
    }
    try {
      const res = await this.http.request({ ...request, timeoutMs: PROVIDER_TIMEOUT_MS });
      const verdict = PROVIDERS[row.type].interpret(res, purpose);
      const wait =
        !verdict.ok && verdict.retryable && (res.status === 429 || res.status === 503)
          ? retryAfterMs(res.headers['retry-after'])
          : undefined;
      return { ...verdict, statusCode: res.status, latencyMs: res.latencyMs, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
    } catch (err) {
      if (!(err instanceof OutboundError)) throw err;
      return { ok: false, retryable: !FINAL_FAILURES.has(err.reason), latencyMs: elapsed(), error: err.message };
    }
  }

  /**
   * Records a check's outcome in `health`. With `autoDisable` (scheduled checks), the 5th failure in a
   * row disables the integration, with an audit entry by the system, in the same transaction.
   */
  async recordHealth(id: string, outcome: Outcome, options: { autoDisable: boolean; tx?: Tx }): Promise<{ autoDisabled: boolean }> {
    const work = async (tx: Tx) => {
      const row = await this.configs.recordHealth(tx, id, {
        ok: outcome.ok,
        status: outcome.ok ? 'healthy' : 'failing',
        error: outcome.error?.slice(0, 500) ?? 'failed',
      });
      if (!row || !options.autoDisable || outcome.ok || !row.enabled || row.consecutive_failures < AUTO_DISABLE_AFTER_FAILURES) {
        return { autoDisabled: false };
      }
      await this.configs.autoDisable(tx, id);
      await this.audit.record(tx, {
        workspaceId: row.workspace_id,
        actor: { type: 'system', id: null },
        action: 'integration.auto_disabled',
        targetType: 'integration',
        targetId: row.type,
        metadata: { consecutiveFailures: row.consecutive_failures, lastError: outcome.error?.slice(0, 500) ?? null },
      });
      this.logger.warn(
        { integrationId: id, type: row.type, workspaceId: row.workspace_id },
        'integration disabled after consecutive failed health checks',
      );
      return { autoDisabled: true };
    };
    return options.tx ? work(options.tx) : this.db.transaction(work);
  }
}
