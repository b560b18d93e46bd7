import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf, AuditActor, Principal } from '../../common/auth/principal';
import { Role, roleAtLeast } from '../../common/auth/roles';
import { hashPassword, randomToken, sha256Hex } from '../../common/crypto/tokens';
import { DomainError, forbidden, notFound } from '../../common/errors/domain-error';
import { decodeCursor, Page, pageLimit, toPage } from '../../common/pagination/pagination';
import { JobName } from '../../common/queue/queues';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { newId } from '../../database/columns';
import { isUniqueViolation } from '../../database/errors';
import { OutboxService } from '../../common/outbox/outbox.service';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { EntitlementsService } from '../billing/entitlements.service';
import { UsageMeters } from '../billing/usage-meters';
import { WorkspaceService } from '../workspace/workspace.service';
import {
  AcceptedInvitationDto,
  AcceptInvitationDto,
  InvitationDto,
  InvitationPreviewDto,
  InvitationQueryDto,
  InviteDto,
  MemberDto,
  MemberQueryDto,
} from './dto/team.dto';
import { EmailStatus, InvitationStatus, InviterType } from './entities/invitation.entity';
import { MemberStatus } from './entities/team-member.entity';
import { MembershipService } from './membership.service';

/** Job data of `JobName.SendInvitationEmail`. The raw token travels only here (never in a response, audit entry or log). */
export interface InvitationEmailJob {
  invitationId: string;
  workspaceId: string;
  token?: string;
  /** added by the outbox relay: the outbox row id, also the BullMQ job id */
  outboxId?: string;
}

interface MemberRow {
  id: string;
  user_id: string;
  email: string;
  name: string;
  role: Role;
  status: MemberStatus;
  joined_at: Date;
  removed_at: Date | null;
  last_active_at: Date | null;
}

export interface InvitationRow {
  id: string;
  workspace_id: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  invited_by_type: InviterType;
  invited_by_id: string;
  invited_by_name: string;
  expires_at: Date;
  created_at: Date;
  email_status: EmailStatus;
  email_outbox_id: string | null;
  email_sent_at: Date | null;
}

const MEMBER_COLUMNS = `t.id, t.user_id, u.email, u.name, t.role, t.status, t.joined_at, t.removed_at, t.last_active_at`;
const INVITATION_FIELDS = [
  'id',
  'workspace_id',
  'email',
  'role',
  'status',
  'invited_by_type',
  'invited_by_id',
  'invited_by_name',
  'expires_at',
  'created_at',
  'email_status',
  'email_outbox_id',
  'email_sent_at',
];
const INVITATION_COLUMNS = INVITATION_FIELDS.map((c) => `i.${c}`).join(', ');
const INVITATION_RETURNING = INVITATION_FIELDS.join(', ');

/**
 * Timestamps are ordered and compared at millisecond precision, the precision of the cursor (a JS Date):
 * Postgres keeps microseconds, so comparing raw values would skip or repeat rows at page edges.
 */
const MS = (column: string) => `date_trunc('milliseconds', ${column})`;

/** Tokens are 256-bit base64url strings; anything else cannot name an invitation. */
export const INVITATION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const isExpired = (inv: Pick<InvitationRow, 'status' | 'expires_at'>, now = Date.now()) =>
  inv.status === 'expired' || (inv.status === 'pending' && inv.expires_at.getTime() <= now);

/** Runs SQL inside the caller's transaction and returns the rows (also for UPDATE … RETURNING). */
async function rows<T>(m: EntityManager, text: string, params: unknown[] = []): Promise<T[]> {
  if (!m.queryRunner) throw new Error('rows() needs a transactional EntityManager');
  const res = await m.queryRunner.query(text, params, true);
  return res.records as T[];
}

/**
 * Members and invitations of the caller's workspace. Every rule that depends on counts (seats, last
 * owner) runs with the workspace row locked, so concurrent requests of one workspace are serialised.
 */
@Injectable()
export class TeamService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly entitlements: EntitlementsService,
    meters: UsageMeters,
    private readonly memberships: MembershipService,
    private readonly workspaces: WorkspaceService,
    private readonly auth: AuthService,
  ) {
    // TEMPORARY (branch arch-billing, until arch-identity's team refactor lands): billing's usage-counters.ts, which ran
    // this count on team's tables, is gone; the team module owns the count and registers it as the `seats` meter.
    meters.register('seats', (workspaceId, tx) => this.seatsUsed(workspaceId, tx?.manager ?? this.ds.manager));
  }

  // ------------------------------------------------------------------------------------------ members

  async listMembers(p: Principal, q: MemberQueryDto): Promise<Page<MemberDto>> {
    const limit = pageLimit(q);
    const after = decodeCursor(q.cursor);
    const params: unknown[] = [p.workspaceId, q.status ?? 'active', limit + 1];
    let where = 't.workspace_id = $1 AND t.status = $2';
    if (q.role) {
      params.push(q.role);
      where += ` AND t.role = $${params.length}`;
    }
    if (after) {
      params.push(after.v, after.id);
      where += ` AND (${MS('t.joined_at')}, t.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    const list = await this.ds.query<MemberRow[]>(
      `SELECT ${MEMBER_COLUMNS} FROM team_members t JOIN users u ON u.id = t.user_id
        WHERE ${where} ORDER BY ${MS('t.joined_at')}, t.id LIMIT $3`,
      params,
    );
    return toPage(
      list,
      limit,
      (r) => ({ v: r.joined_at.toISOString(), id: r.id }),
      (r) => this.toMemberDto(r),
    );
  }

  async changeRole(p: Principal, memberId: string, role: Role, ip: string): Promise<MemberDto> {
    return this.ds.transaction(async (m) => {
      await this.lockWorkspace(m, p.workspaceId);
      const target = await this.lockMember(m, p.workspaceId, memberId);
      if (target.status !== 'active') throw new DomainError('conflict', 'This member was removed; reactivate them first');
      if (!roleAtLeast(p.role, role)) throw forbidden(`You cannot grant the role ${role}, above your own (${p.role})`);
      if ((role === 'owner' || target.role === 'owner') && p.role !== 'owner')
        throw forbidden('Only an owner can grant or take away the owner role');
      if (target.role === role) return this.toMemberDto(target);
      if (target.role === 'owner') await this.assertNotLastOwner(m, p.workspaceId, 'demote');
      await m.query(`UPDATE team_members SET role = $2, updated_at = now() WHERE id = $1`, [target.id, role]);
      await this.audit.record(m, {
        workspaceId: p.workspaceId,
        actor: actorOf(p, ip),
        action: 'member.role_changed',
        targetType: 'member',
        targetId: target.id,
        metadata: { userId: target.user_id, email: target.email, before: { role: target.role }, after: { role } },
      });
      return this.toMemberDto({ ...target, role });
    });
  }

  async remove(p: Principal, memberId: string, ip: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      await this.lockWorkspace(m, p.workspaceId);
      const target = await this.lockMember(m, p.workspaceId, memberId);
      if (target.status !== 'active') throw notFound('Active member');
      if (target.role === 'owner' && p.role !== 'owner') throw forbidden('Only an owner can remove an owner');
      if (target.role === 'owner') await this.assertNotLastOwner(m, p.workspaceId, 'remove');
      await m.query(`UPDATE team_members SET status = 'removed', removed_at = now(), updated_at = now() WHERE id = $1`, [target.id]);
      await this.audit.record(m, {
        workspaceId: p.workspaceId,
        actor: actorOf(p, ip),
        action: 'member.removed',
        targetType: 'member',
        targetId: target.id,
        metadata: {
          userId: target.user_id,
          email: target.email,
          role: target.role,
          before: { status: 'active' },
          after: { status: 'removed' },
        },
      });
    });
  }

  async reactivate(p: Principal, memberId: string, ip: string): Promise<MemberDto> {
    return this.ds.transaction(async (m) => {
      await this.lockWorkspace(m, p.workspaceId);
      const target = await this.lockMember(m, p.workspaceId, memberId);
      if (target.status === 'active') throw new DomainError('conflict', 'This member is already active');
      if (!roleAtLeast(p.role, target.role)) throw forbidden(`Only an owner can reactivate a member with the ${target.role} role`);
      await this.assertSeatFree(m, p.workspaceId);
      const [row] = await rows<{ joined_at: Date }>(
        m,
        `UPDATE team_members SET status = 'active', removed_at = NULL, updated_at = now() WHERE id = $1 RETURNING joined_at`,
        [target.id],
      );
      await this.audit.record(m, {
        workspaceId: p.workspaceId,
        actor: actorOf(p, ip),
        action: 'member.reactivated',
        targetType: 'member',
        targetId: target.id,
        metadata: {
          userId: target.user_id,
          email: target.email,
          role: target.role,
          before: { status: 'removed' },
          after: { status: 'active' },
        },
      });
      return this.toMemberDto({ ...target, status: 'active', removed_at: null, joined_at: row.joined_at });
    });
  }

  // -------------------------------------------------------------------------------------- invitations

  /** Checks in API.md's order: role (403), active member (409), pending invitation (409), seats (402). */
  async invite(p: Principal, dto: InviteDto, ip: string): Promise<InvitationDto> {
    if (dto.role === 'owner' && p.role !== 'owner') throw forbidden('Only an owner can invite an owner');
    if (!roleAtLeast(p.role, dto.role)) throw forbidden(`You cannot invite with the role ${dto.role}, above your own (${p.role})`);
    const email = dto.email.toLowerCase();
    try {
      return await this.ds.transaction(async (m) => {
        await this.lockWorkspace(m, p.workspaceId);
        await this.assertInvitable(m, p.workspaceId, email, null);
        await this.assertSeatFree(m, p.workspaceId);
        const inviter = await this.inviterOf(m, p);
        const id = newId();
        const token = randomToken();
        const expiresAt = this.newExpiry();
        const outboxId = await this.outbox.add(m, JobName.SendInvitationEmail, {
          invitationId: id,
          workspaceId: p.workspaceId,
          token,
        } satisfies InvitationEmailJob);
        const [row] = await rows<InvitationRow>(
          m,
          `INSERT INTO invitations (id, workspace_id, email, role, status, token_digest, invited_by_type, invited_by_id, invited_by_name,
             expires_at, email_status, email_outbox_id)
           VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, 'pending', $10)
           RETURNING ${INVITATION_RETURNING}`,
          [id, p.workspaceId, email, dto.role, sha256Hex(token), inviter.type, inviter.id, inviter.name, expiresAt, outboxId],
        );
        await this.audit.record(m, {
          workspaceId: p.workspaceId,
          actor: actorOf(p, ip),
          action: 'invitation.created',
          targetType: 'invitation',
          targetId: id,
          metadata: { email, role: dto.role, expiresAt: expiresAt.toISOString() },
        });
        return toInvitationDto(row);
      });
    } catch (err) {
      // Only reachable if the lock were bypassed; the partial unique index is the last line of defence.
      if (isUniqueViolation(err, 'uq_invitations_workspace_email_pending')) throw invitationPending();
      throw err;
    }
  }

  async listInvitations(p: Principal, q: InvitationQueryDto): Promise<Page<InvitationDto>> {
    const limit = pageLimit(q);
    const after = decodeCursor(q.cursor);
    const status = q.status ?? 'pending';
    const params: unknown[] = [p.workspaceId, limit + 1];
    let where = 'i.workspace_id = $1';
    if (status === 'pending') where += ` AND i.status = 'pending' AND i.expires_at > now()`;
    else if (status === 'expired') where += ` AND (i.status = 'expired' OR (i.status = 'pending' AND i.expires_at <= now()))`;
    else {
      params.push(status);
      where += ` AND i.status = $${params.length}`;
    }
    if (after) {
      params.push(after.v, after.id);
      where += ` AND (${MS('i.created_at')}, i.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    const list = await this.ds.query<InvitationRow[]>(
      `SELECT ${INVITATION_COLUMNS} FROM invitations i WHERE ${where} ORDER BY ${MS('i.created_at')} DESC, i.id DESC LIMIT $2`,
      params,
    );
    return toPage(list, limit, (r) => ({ v: r.created_at.toISOString(), id: r.id }), toInvitationDto);
  }

  async cancel(p: Principal, id: string, ip: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      const inv = await this.lockInvitation(m, p.workspaceId, id);
      if (inv.status !== 'pending' && inv.status !== 'expired') throw notFound('Invitation');
      if (inv.role === 'owner' && p.role !== 'owner') throw forbidden('Only an owner can cancel an owner invitation');
      await m.query(`UPDATE invitations SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE id = $1`, [inv.id]);
      await this.audit.record(m, {
        workspaceId: p.workspaceId,
        actor: actorOf(p, ip),
        action: 'invitation.cancelled',
        targetType: 'invitation',
        targetId: inv.id,
        metadata: {
          email: inv.email,
          role: inv.role,
          before: { status: isExpired(inv) ? 'expired' : 'pending' },
          after: { status: 'cancelled' },
        },
      });
    });
  }

  /** A fresh token and expiry; the old token stops working and a new email goes out. */
  async resend(p: Principal, id: string, ip: string): Promise<InvitationDto> {
    try {
      return await this.ds.transaction(async (m) => {
        await this.lockWorkspace(m, p.workspaceId);
        const inv = await this.lockInvitation(m, p.workspaceId, id);
        if (inv.status !== 'pending' && inv.status !== 'expired') throw notFound('Invitation');
        if (inv.role === 'owner' && p.role !== 'owner') throw forbidden('Only an owner can resend an owner invitation');
        if (isExpired(inv)) {
          // Back from the dead: it counts as a seat again and must pass the invite checks again.
          await this.assertInvitable(m, p.workspaceId, inv.email, inv.id);
          await this.assertSeatFree(m, p.workspaceId);
        }
        const token = randomToken();
        const expiresAt = this.newExpiry();
        const outboxId = await this.outbox.add(m, JobName.SendInvitationEmail, {
          invitationId: inv.id,
          workspaceId: p.workspaceId,
          token,
        } satisfies InvitationEmailJob);
        const [row] = await rows<InvitationRow>(
          m,
          `UPDATE invitations SET status = 'pending', token_digest = $2, expires_at = $3, email_status = 'pending', email_outbox_id = $4,
             email_sent_at = NULL, email_error = NULL, updated_at = now()
           WHERE id = $1 RETURNING ${INVITATION_RETURNING}`,
          [inv.id, sha256Hex(token), expiresAt, outboxId],
        );
        await this.audit.record(m, {
          workspaceId: p.workspaceId,
          actor: actorOf(p, ip),
          action: 'invitation.resent',
          targetType: 'invitation',
          targetId: inv.id,
          metadata: {
            email: inv.email,
            role: inv.role,
            before: { status: isExpired(inv) ? 'expired' : 'pending', expiresAt: inv.expires_at.toISOString() },
            after: { status: 'pending', expiresAt: expiresAt.toISOString() },
          },
        });
        return toInvitationDto(row);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'uq_invitations_workspace_email_pending')) throw invitationPending();
      throw err;
    }
  }

  /** The accept page's data. Unknown, cancelled or used → 404; expired → 410. */
  async preview(token: string): Promise<InvitationPreviewDto> {
    const inv = await this.findByToken(token);
    const ws = await this.workspaces.get(inv.workspace_id);
    return {
      workspace: { name: ws.name },
      email: inv.email,
      role: inv.role,
      invitedBy: { name: inv.invited_by_name },
      expiresAt: inv.expires_at.toISOString(),
    };
  }

  /**
   * Accepts with the caller's user credential (emails must match) or, without one, creates the account.
   * The invitation row is locked first, so concurrent accepts of one token yield exactly one membership.
   */
  async accept(token: string, caller: Principal | undefined, dto: AcceptInvitationDto, ip: string): Promise<AcceptedInvitationDto> {
    await this.findByToken(token); // 404/410 before any expensive work
    let passwordHash: string | undefined;
    if (caller) {
      if (caller.type !== 'user' || !caller.userId)
        throw forbidden('Accept an invitation with a user access token (or without a credential), not an API key');
    } else {
      const missing = [...(dto.name ? [] : ['name']), ...(dto.password ? [] : ['password'])];
      if (missing.length) {
        throw new DomainError(
          'validation_failed',
          `Without a credential, ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required to create the account`,
          { errors: missing.map((field) => ({ field, message: 'is required to create the account (or send your access token)' })) },
        );
      }
      passwordHash = await hashPassword(dto.password as string);
    }
    const digest = sha256Hex(token);
    const result = await this.ds.transaction(async (m) => {
      const [inv] = await rows<InvitationRow>(m, `SELECT ${INVITATION_COLUMNS} FROM invitations i WHERE i.token_digest = $1 FOR UPDATE`, [
        digest,
      ]);
      assertUsable(inv);
      let userId: string;
      let newAccount = false;
      if (caller) {
        const [user] = await rows<{ id: string; email: string }>(m, `SELECT id, email FROM users WHERE id = $1`, [caller.userId]);
        if (!user || user.email.toLowerCase() !== inv.email) throw forbidden('This invitation was sent to another email address');
        userId = user.id;
      } else {
        const user = await this.auth.createUser(m, inv.email, dto.name as string, passwordHash as string);
        userId = user.id;
        newAccount = true;
      }
      const invitedBy = inv.invited_by_type === 'user' ? inv.invited_by_id : null;
      const [existing] = await rows<{ id: string; status: MemberStatus }>(
        m,
        `SELECT id, status FROM team_members WHERE workspace_id = $1 AND user_id = $2 FOR UPDATE`,
        [inv.workspace_id, userId],
      );
      let memberId: string;
      if (existing?.status === 'active') throw new DomainError('already_member', 'You are already a member of this workspace');
      if (existing) {
        // A removed member invited back: the membership row is reused with the invitation's role.
        await m.query(
          `UPDATE team_members SET status = 'active', role = $2, removed_at = NULL, joined_at = now(), invited_by = $3, updated_at = now() WHERE id = $1`,
          [existing.id, inv.role, invitedBy],
        );
        memberId = existing.id;
      } else {
        memberId = (await this.memberships.add(m, inv.workspace_id, userId, inv.role, invitedBy)).id;
      }
      await m.query(`UPDATE invitations SET status = 'accepted', accepted_at = now(), accepted_by = $2, updated_at = now() WHERE id = $1`, [
        inv.id,
        userId,
      ]);
      const actor: AuditActor = { type: 'user', id: userId, ip };
      await this.audit.record(m, {
        workspaceId: inv.workspace_id,
        actor,
        action: 'invitation.accepted',
        targetType: 'invitation',
        targetId: inv.id,
        metadata: {
          email: inv.email,
          role: inv.role,
          memberId,
          userId,
          newAccount,
          before: { status: 'pending' },
          after: { status: 'accepted' },
        },
      });
      const issued = await this.auth.issueToken(m, userId, inv.workspace_id);
      const [member] = await rows<MemberRow>(
        m,
        `SELECT ${MEMBER_COLUMNS} FROM team_members t JOIN users u ON u.id = t.user_id WHERE t.id = $1`,
        [memberId],
      );
      return { member, workspaceId: inv.workspace_id, issued };
    });
    return {
      member: this.toMemberDto(result.member),
      workspace: await this.workspaces.get(result.workspaceId),
      accessToken: result.issued.accessToken,
      expiresIn: result.issued.expiresIn,
    };
  }

  /** Marks pending invitations past their expiry as expired (the repeatable job; reads never rely on it). */
  async expireDue(): Promise<number> {
    const [, count] = await this.ds.query<[unknown[], number]>(
      `UPDATE invitations SET status = 'expired', updated_at = now() WHERE status = 'pending' AND expires_at <= now()`,
    );
    return count;
  }

  // ---------------------------------------------------------------------------------------- helpers

  private newExpiry() {
    return new Date(Date.now() + this.config.invitationTtlHours * 3600_000);
  }

  private async lockWorkspace(m: EntityManager, workspaceId: string) {
    const found = await rows(m, `SELECT id FROM workspaces WHERE id = $1 FOR UPDATE`, [workspaceId]);
    if (!found.length) throw notFound('Workspace');
  }

  private async lockMember(m: EntityManager, workspaceId: string, memberId: string): Promise<MemberRow> {
    const [row] = await rows<MemberRow>(
      m,
      `SELECT ${MEMBER_COLUMNS} FROM team_members t JOIN users u ON u.id = t.user_id WHERE t.id = $1 AND t.workspace_id = $2 FOR UPDATE OF t`,
      [memberId, workspaceId],
    );
    if (!row) throw notFound('Member');
    return row;
  }

  private async lockInvitation(m: EntityManager, workspaceId: string, id: string): Promise<InvitationRow> {
    const [row] = await rows<InvitationRow>(
      m,
      `SELECT ${INVITATION_COLUMNS} FROM invitations i WHERE i.id = $1 AND i.workspace_id = $2 FOR UPDATE`,
      [id, workspaceId],
    );
    if (!row) throw notFound('Invitation');
    return row;
  }

  private async findByToken(token: string): Promise<InvitationRow> {
    if (!INVITATION_TOKEN_PATTERN.test(token)) throw notFound('Invitation');
    const [inv] = await this.ds.query<InvitationRow[]>(`SELECT ${INVITATION_COLUMNS} FROM invitations i WHERE i.token_digest = $1`, [
      sha256Hex(token),
    ]);
    assertUsable(inv);
    return inv;
  }

  /** 409 `already_member` for an active member with this email, 409 `invitation_pending` for another live invitation. */
  private async assertInvitable(m: EntityManager, workspaceId: string, email: string, exceptInvitationId: string | null) {
    const active = await rows(
      m,
      `SELECT 1 FROM team_members t JOIN users u ON u.id = t.user_id WHERE t.workspace_id = $1 AND t.status = 'active' AND u.email = $2`,
      [workspaceId, email],
    );
    if (active.length) throw new DomainError('already_member', `${email} is already a member of this workspace`);
    // A pending invitation past its expiry no longer blocks a new one (nor counts as a seat).
    await m.query(
      `UPDATE invitations SET status = 'expired', updated_at = now()
                    WHERE workspace_id = $1 AND email = $2 AND status = 'pending' AND expires_at <= now() AND id IS DISTINCT FROM $3`,
      [workspaceId, email, exceptInvitationId],
    );
    const pending = await rows(
      m,
      `SELECT 1 FROM invitations WHERE workspace_id = $1 AND email = $2 AND status = 'pending' AND id IS DISTINCT FROM $3`,
      [workspaceId, email, exceptInvitationId],
    );
    if (pending.length) throw invitationPending();
  }

  /** Seats = active members + pending (unexpired) invitations; 402 when one more would pass the plan's limit. */
  private async assertSeatFree(m: EntityManager, workspaceId: string) {
    const { limits } = await this.entitlements.get(workspaceId, m);
    if (limits.seats === null) return;
    // the same count GET /billing/usage reports, read inside this transaction (the workspace row is locked)
    this.entitlements.assertWithin('seats', limits.seats, await this.seatsUsed(workspaceId, m), 1);
  }

  /** Seats in use: active members + pending (unexpired) invitations. */
  private async seatsUsed(workspaceId: string, m: EntityManager): Promise<number> {
    const [row] = (await m.query(
      `SELECT (SELECT count(*) FROM team_members WHERE workspace_id = $1 AND status = 'active')
            + (SELECT count(*) FROM invitations WHERE workspace_id = $1 AND status = 'pending' AND expires_at > now()) AS n`,
      [workspaceId],
    )) as { n: string }[];
    return Number(row.n);
  }

  private async assertNotLastOwner(m: EntityManager, workspaceId: string, what: 'demote' | 'remove') {
    const [{ n }] = await rows<{ n: string }>(
      m,
      `SELECT count(*) AS n FROM team_members WHERE workspace_id = $1 AND status = 'active' AND role = 'owner'`,
      [workspaceId],
    );
    if (Number(n) <= 1) {
      throw new DomainError('last_owner', `You cannot ${what} the last active owner; make another member an owner first`);
    }
  }

  private async inviterOf(m: EntityManager, p: Principal): Promise<{ type: InviterType; id: string; name: string }> {
    if (p.type === 'user') {
      const [u] = await rows<{ name: string }>(m, `SELECT name FROM users WHERE id = $1`, [p.userId]);
      return { type: 'user', id: p.actorId, name: (u?.name ?? 'A team member').slice(0, 120) };
    }
    const [k] = await rows<{ name: string }>(m, `SELECT name FROM api_keys WHERE id = $1`, [p.apiKeyId]);
    return { type: 'api_key', id: p.actorId, name: `API key "${k?.name ?? 'unknown'}"`.slice(0, 120) };
  }

  private toMemberDto(r: MemberRow): MemberDto {
    const pending = r.status === 'active' ? this.memberships.pendingTouch(r.id) : undefined;
    const last = pending && (!r.last_active_at || pending > r.last_active_at) ? pending : r.last_active_at;
    return {
      id: r.id,
      userId: r.user_id,
      email: r.email,
      name: r.name,
      role: r.role,
      status: r.status,
      joinedAt: r.joined_at.toISOString(),
      removedAt: r.removed_at?.toISOString() ?? null,
      lastActiveAt: last?.toISOString() ?? null,
    };
  }
}

const invitationPending = () =>
  new DomainError('invitation_pending', 'An invitation for this email is already pending; resend or cancel it');

function assertUsable(inv: InvitationRow | undefined): asserts inv is InvitationRow {
  if (!inv || inv.status === 'accepted' || inv.status === 'cancelled') throw notFound('Invitation');
  if (isExpired(inv)) throw new DomainError('invitation_expired', 'This invitation has expired; ask for a new one');
}

export const toInvitationDto = (r: InvitationRow): InvitationDto => ({
  id: r.id,
  email: r.email,
  role: r.role,
  status: isExpired(r) ? 'expired' : r.status,
  invitedBy: { type: r.invited_by_type, id: r.invited_by_id, name: r.invited_by_name },
  expiresAt: r.expires_at.toISOString(),
  createdAt: r.created_at.toISOString(),
  emailStatus: r.email_status,
  emailSentAt: r.email_sent_at?.toISOString() ?? null,
});
