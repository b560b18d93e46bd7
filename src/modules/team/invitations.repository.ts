import { Injectable } from '@nestjs/common';
import { Role } from '../../common/auth/roles';
import { CursorPosition } from '../../common/pagination/pagination';
import { Db, Tx } from '../../database/db';
import { EmailStatus, InvitationStatus, InviterType } from './entities/invitation.entity';

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

export interface NewInvitation {
  id: string;
  workspaceId: string;
  email: string;
  role: Role;
  tokenDigest: string;
  inviter: { type: InviterType; id: string; name: string };
  expiresAt: Date;
  outboxId: string;
}

/** `pending` = pending and not yet expired; `expired` includes pending ones past their expiry the job has not marked. */
export type InvitationListStatus = InvitationStatus;

const FIELDS = [
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
const COLUMNS = FIELDS.map((c) => `i.${c}`).join(', ');
const RETURNING = FIELDS.join(', ');

/** Ordered and compared at millisecond precision, the precision of the cursor (a JS Date). */
const MS = (column: string) => `date_trunc('milliseconds', ${column})`;

/** The team module's table (`invitations`). */
@Injectable()
export class InvitationsRepository {
  constructor(private readonly db: Db) {}

  async insert(tx: Tx, inv: NewInvitation): Promise<InvitationRow> {
    const [row] = await tx.query<InvitationRow>(
      `INSERT INTO invitations (id, workspace_id, email, role, status, token_digest, invited_by_type, invited_by_id, invited_by_name,
         expires_at, email_status, email_outbox_id)
       VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, 'pending', $10)
       RETURNING ${RETURNING}`,
      [
        inv.id,
        inv.workspaceId,
        inv.email,
        inv.role,
        inv.tokenDigest,
        inv.inviter.type,
        inv.inviter.id,
        inv.inviter.name,
        inv.expiresAt,
        inv.outboxId,
      ],
    );
    return row;
  }

  /** Newest first, `limit` rows after the cursor. */
  page(workspaceId: string, status: InvitationListStatus, after: CursorPosition | undefined, limit: number): Promise<InvitationRow[]> {
    const params: unknown[] = [workspaceId, limit];
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
    return this.db.query<InvitationRow>(
      `SELECT ${COLUMNS} FROM invitations i WHERE ${where} ORDER BY ${MS('i.created_at')} DESC, i.id DESC LIMIT $2`,
      params,
    );
  }

  /** By token digest; locked until the transaction ends when a `tx` is given. */
  async findByDigest(digest: string, tx?: Tx): Promise<InvitationRow | undefined> {
    const [row] = await (tx ?? this.db).query<InvitationRow>(
      `SELECT ${COLUMNS} FROM invitations i WHERE i.token_digest = $1${tx ? ' FOR UPDATE' : ''}`,
      [digest],
    );
    return row;
  }

  /** An invitation of the workspace, locked until the transaction ends. */
  async lock(tx: Tx, workspaceId: string, id: string): Promise<InvitationRow | undefined> {
    const [row] = await tx.query<InvitationRow>(`SELECT ${COLUMNS} FROM invitations i WHERE i.id = $1 AND i.workspace_id = $2 FOR UPDATE`, [
      id,
      workspaceId,
    ]);
    return row;
  }

  /** Marks the workspace's pending invitations of this email past their expiry as expired (except one). */
  async expireStale(tx: Tx, workspaceId: string, email: string, exceptId: string | null): Promise<void> {
    await tx.query(
      `UPDATE invitations SET status = 'expired', updated_at = now()
        WHERE workspace_id = $1 AND email = $2 AND status = 'pending' AND expires_at <= now() AND id IS DISTINCT FROM $3`,
      [workspaceId, email, exceptId],
    );
  }

  async hasPending(tx: Tx, workspaceId: string, email: string, exceptId: string | null): Promise<boolean> {
    const rows = await tx.query(
      `SELECT 1 FROM invitations WHERE workspace_id = $1 AND email = $2 AND status = 'pending' AND id IS DISTINCT FROM $3`,
      [workspaceId, email, exceptId],
    );
    return rows.length > 0;
  }

  /** Pending invitations not yet expired (each holds a seat). */
  async countPending(workspaceId: string, tx?: Tx): Promise<number> {
    const [{ n }] = await (tx ?? this.db).query<{ n: string }>(
      `SELECT count(*) AS n FROM invitations WHERE workspace_id = $1 AND status = 'pending' AND expires_at > now()`,
      [workspaceId],
    );
    return Number(n);
  }

  /** A fresh token, expiry and email for an invitation (pending again). */
  async renew(tx: Tx, id: string, tokenDigest: string, expiresAt: Date, outboxId: string): Promise<InvitationRow> {
    const [row] = await tx.query<InvitationRow>(
      `UPDATE invitations SET status = 'pending', token_digest = $2, expires_at = $3, email_status = 'pending', email_outbox_id = $4,
         email_sent_at = NULL, email_error = NULL, updated_at = now()
       WHERE id = $1 RETURNING ${RETURNING}`,
      [id, tokenDigest, expiresAt, outboxId],
    );
    return row;
  }

  async cancel(tx: Tx, id: string): Promise<void> {
    await tx.query(`UPDATE invitations SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE id = $1`, [id]);
  }

  async markAccepted(tx: Tx, id: string, userId: string): Promise<void> {
    await tx.query(`UPDATE invitations SET status = 'accepted', accepted_at = now(), accepted_by = $2, updated_at = now() WHERE id = $1`, [
      id,
      userId,
    ]);
  }

  /** Marks pending invitations past their expiry as expired; returns how many. */
  async expireDue(): Promise<number> {
    const { count } = await this.db.execute(
      `UPDATE invitations SET status = 'expired', updated_at = now() WHERE status = 'pending' AND expires_at <= now()`,
    );
    return count;
  }

  // ------------------------------------------------------------------------------- the email worker

  async findForEmail(id: string): Promise<InvitationRow | undefined> {
    const [row] = await this.db.query<InvitationRow>(`SELECT ${COLUMNS} FROM invitations i WHERE i.id = $1`, [id]);
    return row;
  }

  /** Only if `outboxId` is still the invitation's current email (a resend replaces it). */
  async markEmailSent(id: string, outboxId: string): Promise<void> {
    await this.db.query(
      `UPDATE invitations SET email_status = 'sent', email_sent_at = now(), email_error = NULL, updated_at = now()
        WHERE id = $1 AND email_outbox_id = $2`,
      [id, outboxId],
    );
  }

  async markEmailFailed(id: string, outboxId: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE invitations SET email_status = 'failed', email_error = $3, updated_at = now()
        WHERE id = $1 AND email_outbox_id = $2 AND email_status <> 'sent'`,
      [id, outboxId, error.slice(0, 500)],
    );
  }
}
