import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Enabled (and configured) integrations of a workspace: what the plan's `integrations` limit counts. */
export async function countEnabledIntegrations(m: EntityManager, workspaceId: string): Promise<number> {
  const rows = (await m.query(
    `SELECT count(*)::int AS n FROM integrations_config WHERE workspace_id = $1 AND enabled AND config IS NOT NULL`,
    [workspaceId],
  )) as { n: number }[];
  return rows[0].n;
}

/** For billing's usage endpoint (`integrations.used`), without depending on the rest of the integrations module. */
@Injectable()
export class IntegrationsUsage {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  countEnabled(workspaceId: string, manager: EntityManager = this.ds.manager): Promise<number> {
    return countEnabledIntegrations(manager, workspaceId);
  }
}

/**
 * Import this (not IntegrationsModule) from BillingModule: IntegrationsModule imports BillingModule for
 * plan limits, so this small module keeps the two free of a circular import.
 */
@Module({ providers: [IntegrationsUsage], exports: [IntegrationsUsage] })
export class IntegrationsUsageModule {}
