import { Injectable, OnModuleInit } from '@nestjs/common';
import { Tx } from '../../database/db';
import { MembershipsService } from '../auth/memberships.service';
import { EntitlementsService } from '../billing/entitlements.service';
import { UsageMeters } from '../billing/usage-meters';
import { InvitationsRepository } from './invitations.repository';

/**
 * Seats = active members + pending (unexpired) invitations: the count behind the plan's seat limit (402 here) and
 * GET /billing/usage (registered with billing's UsageMeters as `seats`, so both read the same number).
 */
@Injectable()
export class SeatsService implements OnModuleInit {
  constructor(
    private readonly memberships: MembershipsService,
    private readonly invitations: InvitationsRepository,
    private readonly entitlements: EntitlementsService,
    private readonly meters: UsageMeters,
  ) {}

  onModuleInit() {
    this.meters.register('seats', (workspaceId, tx) => this.used(workspaceId, tx));
  }

  /** Seats in use (inside `tx` when given, e.g. under the workspace lock). */
  async used(workspaceId: string, tx?: Tx): Promise<number> {
    const [members, pending] = [await this.memberships.countActive(workspaceId, tx), await this.invitations.countPending(workspaceId, tx)];
    return members + pending;
  }

  /** 402 `plan_limit_exceeded` when one more seat would pass the plan's limit. Run it with the workspace row locked. */
  async assertFree(tx: Tx, workspaceId: string): Promise<void> {
    const { limits } = await this.entitlements.get(workspaceId, tx);
    if (limits.seats === null) return;
    this.entitlements.assertWithin('seats', limits.seats, await this.used(workspaceId, tx), 1);
  }
}
