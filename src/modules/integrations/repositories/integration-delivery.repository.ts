import { Injectable } from '@nestjs/common';
import type { EventType } from '../../../common/events';
import type { CursorPosition } from '../../../common/pagination/pagination';
import { newId } from '../../../database/columns';
import { Db, Tx } from '../../../database/db';
import { IntegrationDelivery } from '../entities/integration-delivery.entity';
import type { DeliveryStatus, IntegrationType } from '../integration-types';

/** One attempt's result, as the delivery log shows it. */
export interface AttemptResult {
  status: DeliveryStatus;
  responseStatus: number | null;
  latencyMs: number;
  lastError: string | null;
}

/** `integration_deliveries`: the per-integration delivery log. */
@Injectable()
export class IntegrationDeliveryRepository {
  constructor(private readonly db: Db) {}

  /** A delivery made and finished at once (the test endpoint). */
  async insertDone(
    tx: Tx,
    d: {
      workspaceId: string;
      integrationId: string;
      integrationType: IntegrationType;
      eventId: string;
      eventType: EventType;
    } & AttemptResult,
  ): Promise<void> {
    await tx.manager.insert(IntegrationDelivery, {
      id: newId(),
      ...d,
      attempts: 1,
      deliveredAt: d.status === 'delivered' ? new Date() : null,
    });
  }

  /**
   * One pending row per (event, integration); rows that exist are kept (a re-dispatched event does not duplicate them).
   * Returns every row of the event for these integrations with its status.
   */
  async insertPending(
    event: { id: string; type: EventType; workspaceId: string },
    targets: { id: string; type: IntegrationType }[],
  ): Promise<{ id: string; integrationId: string; status: DeliveryStatus }[]> {
    await this.db.query(
      `INSERT INTO integration_deliveries (id, workspace_id, integration_id, integration_type, event_id, event_type)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::varchar[], $5::varchar[], $6::varchar[])
       ON CONFLICT (event_id, integration_id) DO NOTHING`,
      [
        targets.map(() => newId()),
        targets.map(() => event.workspaceId),
        targets.map((t) => t.id),
        targets.map((t) => t.type),
        targets.map(() => event.id),
        targets.map(() => event.type),
      ],
    );
    return this.db.query(
      `SELECT id, integration_id AS "integrationId", status FROM integration_deliveries WHERE event_id = $1 AND integration_id = ANY($2::uuid[])`,
      [event.id, targets.map((t) => t.id)],
    );
  }

  async status(id: string): Promise<DeliveryStatus | null> {
    const [row] = await this.db.query<{ status: DeliveryStatus }>(`SELECT status FROM integration_deliveries WHERE id = $1`, [id]);
    return row?.status ?? null;
  }

  /** Records one attempt of a pending delivery (a delivery already final is left as it is). */
  async recordAttempt(id: string, r: AttemptResult): Promise<void> {
    await this.db.query(
      `UPDATE integration_deliveries SET attempts = attempts + 1, status = $2::varchar, response_status = $3, latency_ms = $4, last_error = $5,
              delivered_at = CASE WHEN $2::varchar = 'delivered' THEN now() ELSE NULL END, updated_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [id, r.status, r.responseStatus, r.latencyMs, r.lastError],
    );
  }

  /** Fails a pending delivery for good; an error an attempt recorded is kept (`reason` only fills a missing one). */
  async failPending(id: string, reason: string, keepLastError: boolean): Promise<void> {
    await this.db.query(
      `UPDATE integration_deliveries SET status = 'failed', last_error = CASE WHEN $3 THEN COALESCE(last_error, $2) ELSE $2 END,
              updated_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [id, reason, keepLastError],
    );
  }

  /** An integration's log, newest first, after the keyset cursor; `limit` rows at most. */
  page(
    workspaceId: string,
    type: IntegrationType,
    status: DeliveryStatus | undefined,
    after: CursorPosition | undefined,
    limit: number,
  ): Promise<IntegrationDelivery[]> {
    const qb = this.db.manager
      .createQueryBuilder(IntegrationDelivery, 'd')
      .where('d.workspace_id = :ws AND d.integration_type = :type', { ws: workspaceId, type });
    if (status) qb.andWhere('d.status = :status', { status });
    if (after) qb.andWhere('(d.created_at, d.id) < (:v::timestamptz, :id::uuid)', { v: after.v, id: after.id });
    return qb.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').limit(limit).getMany();
  }

  /** Deletes up to `batch` rows created more than `days` ago; returns how many. */
  async pruneBatch(days: number, batch: number): Promise<number> {
    const { count } = await this.db.execute(
      `DELETE FROM integration_deliveries WHERE id IN (
         SELECT id FROM integration_deliveries WHERE created_at < now() - make_interval(days => $1) LIMIT $2)`,
      [days, batch],
    );
    return count;
  }
}
