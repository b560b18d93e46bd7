import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type { Pool } from 'pg';
import { JobHandler, OnJobFailed } from '../../common/queue/job-handler';
import { JobName } from '../../common/queue/queues';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { PG_POOL } from '../../database/pg-pool';
import { isPermanentMailError, MailService } from '../mail/mail.service';
import { renderInvitationEmail } from '../mail/templates/invitation';
import { WorkspaceService } from '../workspace/workspace.service';
import { InvitationEmailJob, TeamService } from './team.service';

/**
 * BullMQ handlers of the team module: the invitation email (idempotent per outbox id: a retry after a
 * successful send, or a job for a token that was replaced, cancelled or used, sends nothing) and the
 * repeatable expiry sweep.
 */
@Injectable()
export class TeamProcessor {
  private readonly logger = new Logger('TeamProcessor');

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailService,
    private readonly workspaces: WorkspaceService,
    private readonly team: TeamService,
  ) {}

  @JobHandler(JobName.SendInvitationEmail)
  async sendInvitationEmail(job: Job<InvitationEmailJob>) {
    const { invitationId, outboxId, token } = job.data;
    const { rows } = await this.pool.query<{
      workspace_id: string;
      email: string;
      role: 'viewer' | 'member' | 'admin' | 'owner';
      status: string;
      invited_by_name: string;
      expires_at: Date;
      email_status: string;
      email_outbox_id: string | null;
    }>(
      `SELECT workspace_id, email, role, status, invited_by_name, expires_at, email_status, email_outbox_id FROM invitations WHERE id = $1`,
      [invitationId],
    );
    const inv = rows[0];
    const skip = (reason: string) => {
      this.logger.debug({ invitationId, outboxId, reason }, 'invitation email skipped');
      return { sent: false, reason };
    };
    if (!inv || !outboxId || inv.email_outbox_id !== outboxId) return skip('superseded');
    if (inv.email_status === 'sent') return skip('already sent');
    if (inv.status !== 'pending' || inv.expires_at.getTime() <= Date.now()) return skip(`invitation ${inv.status}`);
    if (!token) return skip('no token');

    const ws = await this.workspaces.get(inv.workspace_id);
    const acceptUrl = `${this.config.appUrl}/invitations/${token}/accept`;
    const rendered = renderInvitationEmail({
      workspaceName: ws.name,
      inviterName: inv.invited_by_name,
      role: inv.role,
      expiresAt: inv.expires_at,
      acceptUrl,
    });
    try {
      await this.mail.send({ id: outboxId, to: inv.email, ...rendered, localLog: { acceptUrl } });
    } catch (err) {
      if (isPermanentMailError(err)) {
        // Retrying gets the same answer: record the failure now and stop.
        await this.markFailed(invitationId, outboxId, err);
        await this.forgetToken(job);
        throw new UnrecoverableError(`SMTP rejected the message: ${errorText(err)}`);
      }
      throw err;
    }
    await this.pool.query(
      `UPDATE invitations SET email_status = 'sent', email_sent_at = now(), email_error = NULL, updated_at = now()
        WHERE id = $1 AND email_outbox_id = $2`,
      [invitationId, outboxId],
    );
    await this.forgetToken(job);
    return { sent: true, transport: this.mail.transport };
  }

  /** All attempts used: the failure becomes visible on the invitation (`emailStatus: failed`). */
  @OnJobFailed(JobName.SendInvitationEmail)
  async invitationEmailFailed(job: Job<InvitationEmailJob>) {
    if (job.data.outboxId) await this.markFailed(job.data.invitationId, job.data.outboxId, job.failedReason);
    await this.forgetToken(job);
  }

  @JobHandler(JobName.ExpireInvitations)
  async expireInvitations() {
    return { expired: await this.team.expireDue() };
  }

  private async markFailed(invitationId: string, outboxId: string, err: unknown) {
    await this.pool.query(
      `UPDATE invitations SET email_status = 'failed', email_error = $3, updated_at = now()
        WHERE id = $1 AND email_outbox_id = $2 AND email_status <> 'sent'`,
      [invitationId, outboxId, errorText(err).slice(0, 500)],
    );
  }

  /** Once the email is sent (or given up), the raw token need not be kept anywhere: drop it from the outbox row and the job. */
  private async forgetToken(job: Job<InvitationEmailJob>) {
    if (job.data.outboxId)
      await this.pool.query(`UPDATE outbox SET payload = payload - 'token' WHERE id = $1`, [job.data.outboxId]).catch(() => undefined);
    await job
      .updateData({ invitationId: job.data.invitationId, workspaceId: job.data.workspaceId, outboxId: job.data.outboxId })
      .catch(() => undefined);
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err ?? 'unknown error'));
