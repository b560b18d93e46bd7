import { Injectable } from '@nestjs/common';
import { Actor, auditActor } from '../../common/auth/principal';
import { Role, roleAtLeast } from '../../common/auth/roles';
import { DomainError, forbidden, notFound } from '../../common/errors/domain-error';
import { decodeCursor, Page, pageLimit, toPage } from '../../common/pagination/pagination';
import { Db, Tx } from '../../database/db';
import { AuditService } from '../audit/audit.service';
import { MemberRecord } from '../auth/membership';
import { MembershipsService } from '../auth/memberships.service';
import { WorkspaceService } from '../workspace/workspace.service';
import { MemberDto, MemberQueryDto } from './dto/team.dto';
import { SeatsService } from './seats.service';

export const toMemberDto = (m: MemberRecord): MemberDto => ({
  id: m.id,
  userId: m.userId,
  email: m.email,
  name: m.name,
  role: m.role,
  status: m.status,
  joinedAt: m.joinedAt.toISOString(),
  removedAt: m.removedAt?.toISOString() ?? null,
  lastActiveAt: m.lastActiveAt?.toISOString() ?? null,
});

/**
 * The team endpoints' rules for members: who may change whom, the last owner, seats on reactivation. Every rule
 * that depends on counts runs with the workspace row locked (WorkspaceService.lock), so concurrent requests of one
 * workspace are serialised. The memberships themselves are auth's (MembershipsService).
 */
@Injectable()
export class MembersService {
  constructor(
    private readonly db: Db,
    private readonly memberships: MembershipsService,
    private readonly workspaces: WorkspaceService,
    private readonly seats: SeatsService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, q: MemberQueryDto): Promise<Page<MemberDto>> {
    const limit = pageLimit(q);
    const rows = await this.memberships.list(actor.workspaceId, {
      status: q.status ?? 'active',
      role: q.role,
      after: decodeCursor(q.cursor),
      limit: limit + 1,
    });
    return toPage(rows, limit, (r) => ({ v: r.joinedAt.toISOString(), id: r.id }), toMemberDto);
  }

  async changeRole(actor: Actor, memberId: string, role: Role): Promise<MemberDto> {
    const p = actor.principal;
    return this.db.transaction(async (tx) => {
      await this.workspaces.lock(tx, actor.workspaceId);
      const target = await this.memberships.lock(tx, actor.workspaceId, memberId);
      if (target.status !== 'active') throw new DomainError('conflict', 'This member was removed; reactivate them first');
      if (!roleAtLeast(p.role, role)) throw forbidden(`You cannot grant the role ${role}, above your own (${p.role})`);
      if ((role === 'owner' || target.role === 'owner') && p.role !== 'owner')
        throw forbidden('Only an owner can grant or take away the owner role');
      if (target.role === role) return toMemberDto(target);
      if (target.role === 'owner') await this.assertNotLastOwner(tx, actor.workspaceId, 'demote');
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actor: auditActor(actor),
        action: 'member.role_changed',
        targetType: 'member',
        targetId: target.id,
        metadata: { userId: target.userId, email: target.email, before: { role: target.role }, after: { role } },
      });
      return toMemberDto(await this.memberships.changeRole(tx, target, role, auditActor(actor)));
    });
  }

  async remove(actor: Actor, memberId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.workspaces.lock(tx, actor.workspaceId);
      const target = await this.memberships.lock(tx, actor.workspaceId, memberId);
      if (target.status !== 'active') throw notFound('Active member');
      if (target.role === 'owner' && actor.principal.role !== 'owner') throw forbidden('Only an owner can remove an owner');
      if (target.role === 'owner') await this.assertNotLastOwner(tx, actor.workspaceId, 'remove');
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actor: auditActor(actor),
        action: 'member.removed',
        targetType: 'member',
        targetId: target.id,
        metadata: {
          userId: target.userId,
          email: target.email,
          role: target.role,
          before: { status: 'active' },
          after: { status: 'removed' },
        },
      });
      await this.memberships.remove(tx, target, auditActor(actor));
    });
  }

  async reactivate(actor: Actor, memberId: string): Promise<MemberDto> {
    return this.db.transaction(async (tx) => {
      await this.workspaces.lock(tx, actor.workspaceId);
      const target = await this.memberships.lock(tx, actor.workspaceId, memberId);
      if (target.status === 'active') throw new DomainError('conflict', 'This member is already active');
      if (!roleAtLeast(actor.principal.role, target.role))
        throw forbidden(`Only an owner can reactivate a member with the ${target.role} role`);
      await this.seats.assertFree(tx, actor.workspaceId);
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actor: auditActor(actor),
        action: 'member.reactivated',
        targetType: 'member',
        targetId: target.id,
        metadata: {
          userId: target.userId,
          email: target.email,
          role: target.role,
          before: { status: 'removed' },
          after: { status: 'active' },
        },
      });
      return toMemberDto(await this.memberships.reactivate(tx, target));
    });
  }

  private async assertNotLastOwner(tx: Tx, workspaceId: string, what: 'demote' | 'remove') {
    if ((await this.memberships.countActiveOwners(tx, workspaceId)) <= 1) {
      throw new DomainError('last_owner', `You cannot ${what} the last active owner; make another member an owner first`);
    }
  }
}
