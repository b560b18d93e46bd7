import { Inject, Injectable } from '@nestjs/common';
import { Actor, AuditActor, auditActor, Principal } from '../../common/auth/principal';
import { roleAtLeast } from '../../common/auth/roles';
import { hashPassword, randomToken, sha256Hex } from '../../common/crypto/tokens';
import { DomainError, FieldError, forbidden, notFound } from '../../common/errors/domain-error';
import { OutboxService } from '../../common/outbox/outbox.service';
import { decodeCursor, Page, pageLimit, toPage } from '../../common/pagination/pagination';
import { JobName } from '../../common/queue/queues';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { newId } from '../../database/columns';
import { Db, Tx } from '../../database/db';
import { isUniqueViolation } from '../../database/errors';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { MembershipsService } from '../auth/memberships.service';
import { WorkspaceService } from '../workspace/workspace.service';
import {
  AcceptedInvitationDto,
  AcceptInvitationDto,
  InvitationDto,
  InvitationPreviewDto,
  InvitationQueryDto,
  InviteDto,
} from './dto/team.dto';
import { InvitationRow, InvitationsRepository } from './invitations.repository';
import { toMemberDto } from './members.service';
import { SeatsService } from './seats.service';

/** Job data of `JobName.SendInvitationEmail`. The raw token travels only here (never in a response, audit entry or log). */
export interface InvitationEmailJob {
  invitationId: string;
  workspaceId: string;
  token?: string;
  /** added by the outbox relay: the outbox row id, also the BullMQ job id */
  outboxId?: string;
}

/** Tokens are 256-bit base64url strings; anything else cannot name an invitation. */
export const INVITATION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Passwords of new accounts (as at signup). */
const MIN_PASSWORD_LENGTH = 12;

export const isExpired = (inv: Pick<InvitationRow, 'status' | 'expires_at'>, now = Date.now()) =>
  inv.status === 'expired' || (inv.status === 'pending' && inv.expires_at.getTime() <= now);

/** Who accepts: the signed-in user, an existing account proven by its password, or a new account. */
type Acceptor =
  { kind: 'caller'; userId: string } | { kind: 'account'; userId: string } | { kind: 'new'; name: string; passwordHash: string };

/**
 * Invitations of the caller's workspace and accepting them. Invite and resend run with the workspace row locked
 * (seats, one pending invitation per email); accepting locks the invitation row, so concurrent accepts of one token
 * yield exactly one membership. Users, passwords, tokens and memberships are auth's: this service asks AuthService
 * and MembershipsService.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: InvitationsRepository,
    private readonly seats: SeatsService,
    private readonly auth: AuthService,
    private readonly memberships: MembershipsService,
    private readonly workspaces: WorkspaceService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** Checks in API.md's order: role (403), active member (409), pending invitation (409), seats (402). */
  async invite(actor: Actor, dto: InviteDto): Promise<InvitationDto> {
    const p = actor.principal;
    if (dto.role === 'owner' && p.role !== 'owner') throw forbidden('Only an owner can invite an owner');
    if (!roleAtLeast(p.role, dto.role)) throw forbidden(`You cannot invite with the role ${dto.role}, above your own (${p.role})`);
    const email = dto.email.toLowerCase();
    const inviter = await this.auth.describe(p);
    try {
      return await this.db.transaction(async (tx) => {
        await this.workspaces.lock(tx, actor.workspaceId);
        await this.assertInvitable(tx, actor.workspaceId, email, null);
        await this.seats.assertFree(tx, actor.workspaceId);
        const id = newId();
        const token = randomToken();
        const expiresAt = this.newExpiry();
        const outboxId = await this.outbox.add(tx, JobName.SendInvitationEmail, {
          invitationId: id,
          workspaceId: actor.workspaceId,
          token,
        } satisfies InvitationEmailJob);
        const row = await this.repo.insert(tx, {
          id,
          workspaceId: actor.workspaceId,
          email,
          role: dto.role,
          tokenDigest: sha256Hex(token),
          inviter: { ...inviter, name: inviter.name.slice(0, 120) },
          expiresAt,
          outboxId,
        });
        await this.audit.record(tx, {
          workspaceId: actor.workspaceId,
          actor: auditActor(actor),
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

  async list(actor: Actor, q: InvitationQueryDto): Promise<Page<InvitationDto>> {
    const limit = pageLimit(q);
    const rows = await this.repo.page(actor.workspaceId, q.status ?? 'pending', decodeCursor(q.cursor), limit + 1);
    return toPage(rows, limit, (r) => ({ v: r.created_at.toISOString(), id: r.id }), toInvitationDto);
  }

  async cancel(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const inv = await this.lock(tx, actor.workspaceId, id);
      if (inv.status !== 'pending' && inv.status !== 'expired') throw notFound('Invitation');
      if (inv.role === 'owner' && actor.principal.role !== 'owner') throw forbidden('Only an owner can cancel an owner invitation');
      await this.repo.cancel(tx, inv.id);
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actor: auditActor(actor),
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
  async resend(actor: Actor, id: string): Promise<InvitationDto> {
    try {
      return await this.db.transaction(async (tx) => {
        await this.workspaces.lock(tx, actor.workspaceId);
        const inv = await this.lock(tx, actor.workspaceId, id);
        if (inv.status !== 'pending' && inv.status !== 'expired') throw notFound('Invitation');
        if (inv.role === 'owner' && actor.principal.role !== 'owner') throw forbidden('Only an owner can resend an owner invitation');
        if (isExpired(inv)) {
          // Back from the dead: it counts as a seat again and must pass the invite checks again.
          await this.assertInvitable(tx, actor.workspaceId, inv.email, inv.id);
          await this.seats.assertFree(tx, actor.workspaceId);
        }
        const token = randomToken();
        const expiresAt = this.newExpiry();
        const outboxId = await this.outbox.add(tx, JobName.SendInvitationEmail, {
          invitationId: inv.id,
          workspaceId: actor.workspaceId,
          token,
        } satisfies InvitationEmailJob);
        const row = await this.repo.renew(tx, inv.id, sha256Hex(token), expiresAt, outboxId);
        await this.audit.record(tx, {
          workspaceId: actor.workspaceId,
          actor: auditActor(actor),
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
    const inv = await this.findUsable(token);
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
   * Accepts with the caller's user credential (emails must match) or, without one, with `{ password }` of the
   * invited email's account if it has one (any membership state: a user removed everywhere can join again), else
   * with `{ name, password }` creating the account. Signs in to the workspace either way.
   */
  async accept(token: string, caller: Principal | undefined, dto: AcceptInvitationDto, ip: string | null): Promise<AcceptedInvitationDto> {
    const found = await this.findUsable(token); // 404/410 before any expensive work
    const acceptor = await this.acceptor(found.email, caller, dto);
    const result = await this.db.transaction(async (tx) => {
      const inv = await this.repo.findByDigest(sha256Hex(token), tx);
      assertUsable(inv);
      let userId: string;
      if (acceptor.kind === 'new') userId = (await this.auth.createUser(tx, inv.email, acceptor.name, acceptor.passwordHash)).id;
      else {
        const user = await this.auth.findUser(acceptor.userId, tx);
        if (!user || user.email.toLowerCase() !== inv.email) throw forbidden('This invitation was sent to another email address');
        userId = user.id;
      }
      const invitedBy = inv.invited_by_type === 'user' ? inv.invited_by_id : null;
      const memberId = await this.memberships.join(tx, inv.workspace_id, userId, inv.role, invitedBy);
      await this.repo.markAccepted(tx, inv.id, userId);
      const actor: AuditActor = { type: 'user', id: userId, ip };
      await this.audit.record(tx, {
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
          newAccount: acceptor.kind === 'new',
          before: { status: 'pending' },
          after: { status: 'accepted' },
        },
      });
      const issued = await this.auth.issueToken(tx, userId, inv.workspace_id);
      return { member: await this.memberships.get(tx, memberId), workspaceId: inv.workspace_id, issued };
    });
    return {
      member: toMemberDto(result.member),
      workspace: await this.workspaces.get(result.workspaceId),
      accessToken: result.issued.accessToken,
      expiresIn: result.issued.expiresIn,
    };
  }

  /** Marks pending invitations past their expiry as expired (the repeatable job; reads never rely on it). */
  expireDue(): Promise<number> {
    return this.repo.expireDue();
  }

  // ---------------------------------------------------------------------------------------- helpers

  /**
   * Who accepts, checked before the transaction (password hashing and checking are slow): the caller (a user token);
   * without a credential, the invited email's account if it exists (its password, else 401 as at login), or a new
   * account (name and a password of at least 12 characters, else 400).
   */
  private async acceptor(email: string, caller: Principal | undefined, dto: AcceptInvitationDto): Promise<Acceptor> {
    if (caller) {
      if (caller.type !== 'user' || !caller.userId)
        throw forbidden('Accept an invitation with a user access token (or without a credential), not an API key');
      return { kind: 'caller', userId: caller.userId };
    }
    if (dto.password !== undefined && (await this.auth.isRegistered(email))) {
      return { kind: 'account', userId: (await this.auth.authenticate(email, dto.password)).id };
    }
    const errors: FieldError[] = [];
    if (!dto.name) errors.push({ field: 'name', message: 'is required to create the account (or send your access token)' });
    if (dto.password === undefined) errors.push({ field: 'password', message: 'is required (or send your access token)' });
    else if (dto.password.length < MIN_PASSWORD_LENGTH)
      errors.push({ field: 'password', message: `must be at least ${MIN_PASSWORD_LENGTH} characters long` });
    if (errors.length) {
      const fields = errors.map((e) => e.field).join(' and ');
      throw new DomainError(
        'validation_failed',
        `Without a credential, ${fields} ${errors.length > 1 ? 'are' : 'is'} required or invalid`,
        {
          errors,
        },
      );
    }
    return { kind: 'new', name: dto.name as string, passwordHash: await hashPassword(dto.password as string) };
  }

  private newExpiry() {
    return new Date(Date.now() + this.config.invitationTtlHours * 3600_000);
  }

  private async lock(tx: Tx, workspaceId: string, id: string): Promise<InvitationRow> {
    const row = await this.repo.lock(tx, workspaceId, id);
    if (!row) throw notFound('Invitation');
    return row;
  }

  private async findUsable(token: string): Promise<InvitationRow> {
    if (!INVITATION_TOKEN_PATTERN.test(token)) throw notFound('Invitation');
    const inv = await this.repo.findByDigest(sha256Hex(token));
    assertUsable(inv);
    return inv;
  }

  /** 409 `already_member` for an active member with this email, 409 `invitation_pending` for another live invitation. */
  private async assertInvitable(tx: Tx, workspaceId: string, email: string, exceptInvitationId: string | null) {
    if (await this.memberships.isActiveMemberEmail(tx, workspaceId, email))
      throw new DomainError('already_member', `${email} is already a member of this workspace`);
    // A pending invitation past its expiry no longer blocks a new one (nor counts as a seat).
    await this.repo.expireStale(tx, workspaceId, email, exceptInvitationId);
    if (await this.repo.hasPending(tx, workspaceId, email, exceptInvitationId)) throw invitationPending();
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
