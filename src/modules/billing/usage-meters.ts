import { Injectable } from '@nestjs/common';
import type { Tx } from '../../database/db';

/** Plan limits counted by the module that owns what they count (team: seats; integrations: enabled integrations). */
export type MeteredLimit = 'seats' | 'integrations';

/** Counts one workspace's use of a limit, inside `tx` when given (the caller's transaction, e.g. under its lock). */
export type UsageMeter = (workspaceId: string, tx?: Tx) => Promise<number>;

/**
 * Billing reports seat and integration usage (GET /billing/usage) without importing the modules that own them:
 * they register their meter here at start (team → billing and integrations → billing are the only arrows), the
 * same count their own limit checks use.
 */
@Injectable()
export class UsageMeters {
  private readonly meters = new Map<MeteredLimit, UsageMeter>();

  register(limit: MeteredLimit, meter: UsageMeter): void {
    if (this.meters.has(limit)) throw new Error(`a usage meter for "${limit}" is already registered`);
    this.meters.set(limit, meter);
  }

  used(limit: MeteredLimit, workspaceId: string, tx?: Tx): Promise<number> {
    const meter = this.meters.get(limit);
    if (!meter) throw new Error(`no usage meter for "${limit}": the module that owns it must register one`);
    return meter(workspaceId, tx);
  }
}
