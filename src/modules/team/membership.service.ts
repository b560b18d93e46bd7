import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../../common/auth/roles';
import { newId } from '../../database/columns';
import { TeamMember } from './entities/team-member.entity';

/** Membership facts other modules need (auth at login/signup), without reaching into team's tables. */
@Injectable()
export class MembershipService implements OnModuleInit, OnModuleDestroy {
  /** lastActiveAt updates, coalesced: at most one write per member per flush interval. */
  private readonly touched = new Map<string, Date>();
  private timer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  onModuleInit() {
    this.timer = setInterval(() => void this.flushTouches(), 10_000);
    this.timer.unref();
  }

  async onModuleDestroy() {
    if (this.timer) clearInterval(this.timer);
    await this.flushTouches();
  }

  touch(memberId: string) {
    this.touched.set(memberId, new Date());
  }

  /** The not-yet-written lastActiveAt of a member, if any (so reads are never behind). */
  pendingTouch(memberId: string): Date | undefined {
    return this.touched.get(memberId);
  }

  async flushTouches() {
    if (!this.touched.size) return;
    const entries = [...this.touched];
    this.touched.clear();
    await this.ds
      .query(
        `UPDATE team_members t SET last_active_at = v.t FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, t)
        WHERE t.id = v.id AND (t.last_active_at IS NULL OR t.last_active_at < v.t)`,
        [entries.map(([id]) => id), entries.map(([, t]) => t)],
      )
      .catch(() => undefined);
  }

  async add(manager: EntityManager, workspaceId: string, userId: string, role: Role, invitedBy: string | null = null): Promise<TeamMember> {
    const member = manager.create(TeamMember, {
      id: newId(),
      workspaceId,
      userId,
      role,
      status: 'active',
      invitedBy,
      joinedAt: new Date(),
      removedAt: null,
      lastActiveAt: null,
    });
    return manager.save(member);
  }

  /** Active memberships of a user, oldest first. */
  async activeOf(userId: string): Promise<TeamMember[]> {
    return this.ds.getRepository(TeamMember).find({ where: { userId, status: 'active' }, order: { joinedAt: 'ASC', id: 'ASC' } });
  }

  async countActive(userId: string): Promise<number> {
    return this.ds.getRepository(TeamMember).countBy({ userId, status: 'active' });
  }
}
