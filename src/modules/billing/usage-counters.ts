import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { IntegrationsUsage } from '../integrations/integrations-usage.service';

/**
 * How much of the seat and integration limits a workspace uses, as the plan limits count them:
 * seats = active members + pending (unexpired) invitations; integrations = enabled integrations.
 * Billing only reads these numbers (for GET /billing/usage); the team and integrations modules
 * enforce their own limits with `EntitlementsService.assertWithin` inside their transactions.
 */
export abstract class UsageCounters {
  abstract seatsUsed(workspaceId: string, manager?: EntityManager): Promise<number>;
  abstract integrationsUsed(workspaceId: string, manager?: EntityManager): Promise<number>;
}

/**
 * Seats: SQL on the team module's tables (`team_members`, `invitations`; the team module imports billing,
 * so billing cannot import it), the same count the team module enforces. Integrations: the integrations
 * module's own counter (IntegrationsUsageModule), the one its limit check uses.
 */
@Injectable()
export class SqlUsageCounters extends UsageCounters {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly integrations: IntegrationsUsage,
  ) {
    super();
  }

  async seatsUsed(workspaceId: string, manager: EntityManager = this.ds.manager): Promise<number> {
    const [row] = (await manager.query(
      `SELECT (SELECT count(*) FROM team_members WHERE workspace_id = $1 AND status = 'active')
            + (SELECT count(*) FROM invitations WHERE workspace_id = $1 AND status = 'pending' AND expires_at > now()) AS n`,
      [workspaceId],
    )) as { n: string }[];
    return Number(row.n);
  }

  integrationsUsed(workspaceId: string, manager: EntityManager = this.ds.manager): Promise<number> {
    return this.integrations.countEnabled(workspaceId, manager);
  }
}
