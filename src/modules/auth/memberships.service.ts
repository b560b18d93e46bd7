import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AuditActor } from '../../common/auth/principal';
import { Role } from '../../common/auth/roles';
import { DomainEvents } from '../../common/domain-events';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { TouchBuffer } from '../../common/touch-buffer';
import { newId } from '../../database/columns';
import { Tx } from '../../database/db';
import { MemberFilter, MemberRecord } from './membership';
import { MemberRow, MembershipsRepository } from './repositories/memberships.repository';

/**
 * Memberships (`team_members`), owned by auth because every user-token request reads them live. The team module
 * manages members through this service and holds the rules (who may change whom, last owner, seats); this
 * service does the changes and publishes `member.removed` / `member.role_changed` in the caller's transaction, so
 * other modules' reactions (api-keys revoking or capping keys) commit with the change.
 */
@Injectable()
export class MembershipsService implements OnModuleInit, OnModuleDestroy {
  /** lastActiveAt updates, coalesced: at most one write per member per flush interval. */
  private readonly lastActive = new TouchBuffer({ name: 'team_members.last_active_at', write: (entries) => this.repo.touch(entries) });

  constructor(
    private readonly repo: MembershipsRepository,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit() {
    this.lastActive.start();
  }

  async onModuleDestroy() {
    await this.lastActive.stop();
  }

  /** A request with this membership's credential was served (hot path: memory only). */
  touch(memberId: string): void {
    this.lastActive.touch(memberId);
  }

  /** Writes the pending lastActiveAt times now (tests, shutdown). */
  flushTouches(): Promise<void> {
    return this.lastActive.flush();
  }

  async list(workspaceId: string, filter: MemberFilter): Promise<MemberRecord[]> {
    return (await this.repo.page(workspaceId, filter)).map((r) => this.toRecord(r));
  }

  /** A member of the workspace, locked until `tx` ends; 404 if there is none. */
  async lock(tx: Tx, workspaceId: string, memberId: string): Promise<MemberRecord> {
    const row = await this.repo.lock(tx, workspaceId, memberId);
    if (!row) throw notFound('Member');
    return this.toRecord(row);
  }

  async get(tx: Tx, memberId: string): Promise<MemberRecord> {
    const row = await this.repo.findById(tx, memberId);
    if (!row) throw notFound('Member');
    return this.toRecord(row);
  }

  /** A new active membership (signup: the owner of the new workspace). */
  async add(tx: Tx, workspaceId: string, userId: string, role: Role, invitedBy: string | null = null): Promise<string> {
    const id = newId();
    await this.repo.insert(tx, { id, workspaceId, userId, role, invitedBy, joinedAt: new Date() });
    return id;
  }

  /**
   * A user joins a workspace with a role (an accepted invitation): a new membership, or their removed one active
   * again with this role. 409 `already_member` if they are an active member.
   */
  async join(tx: Tx, workspaceId: string, userId: string, role: Role, invitedBy: string | null): Promise<string> {
    const existing = await this.repo.lockOfUser(tx, workspaceId, userId);
    if (existing?.status === 'active') throw new DomainError('already_member', 'You are already a member of this workspace');
    if (!existing) return this.add(tx, workspaceId, userId, role, invitedBy);
    await this.repo.rejoin(tx, existing.id, role, invitedBy);
    return existing.id;
  }

  async changeRole(tx: Tx, member: MemberRecord, role: Role, actor: AuditActor): Promise<MemberRecord> {
    await this.repo.setRole(tx, member.id, role);
    await this.events.publish(tx, 'member.role_changed', {
      workspaceId: member.workspaceId,
      memberId: member.id,
      userId: member.userId,
      before: member.role,
      after: role,
      actor,
    });
    return { ...member, role };
  }

  async remove(tx: Tx, member: MemberRecord, actor: AuditActor): Promise<MemberRecord> {
    const removedAt = await this.repo.setRemoved(tx, member.id);
    await this.events.publish(tx, 'member.removed', { workspaceId: member.workspaceId, memberId: member.id, userId: member.userId, actor });
    return { ...member, status: 'removed', removedAt };
  }

  async reactivate(tx: Tx, member: MemberRecord): Promise<MemberRecord> {
    await this.repo.setActive(tx, member.id);
    return { ...member, status: 'active', removedAt: null, lastActiveAt: this.lastActive.merged(member.id, member.lastActiveAt) };
  }

  countActiveOwners(tx: Tx, workspaceId: string): Promise<number> {
    return this.repo.countActiveOwners(tx, workspaceId);
  }

  /** Active members of the workspace (inside `tx` when given). */
  countActive(workspaceId: string, tx?: Tx): Promise<number> {
    return this.repo.countActive(workspaceId, tx);
  }

  isActiveMemberEmail(tx: Tx, workspaceId: string, email: string): Promise<boolean> {
    return this.repo.hasActiveWithEmail(tx, workspaceId, email.toLowerCase());
  }

  /** A user's active memberships, oldest first. */
  async activeOf(userId: string): Promise<{ workspaceId: string; role: Role }[]> {
    return (await this.repo.activeOf(userId)).map((r) => ({ workspaceId: r.workspace_id, role: r.role }));
  }

  private toRecord(r: MemberRow): MemberRecord {
    return {
      id: r.id,
      workspaceId: r.workspace_id,
      userId: r.user_id,
      email: r.email,
      name: r.name,
      role: r.role,
      status: r.status,
      joinedAt: r.joined_at,
      removedAt: r.removed_at,
      lastActiveAt: r.status === 'active' ? this.lastActive.merged(r.id, r.last_active_at) : r.last_active_at,
    };
  }
}
