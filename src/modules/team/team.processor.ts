import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { swallow } from '../../common/metrics/swallowed';
import { OutboxService } from '../../common/outbox/outbox.service';
import { JobHandler, OnJobFailed } from '../../common/queue/job-handler';
import { JobName } from '../../common/queue/queues';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { isPermanentMailError, MailService } from '../mail/mail.service';
import { renderInvitationEmail } from '../mail/templates/invitation';
import { WorkspaceService } from '../workspace/workspace.service';
import { InvitationsRepository } from './invitations.repository';
import { InvitationEmailJob, InvitationsService } from './invitations.service';

/**
 * BullMQ handlers of the team module: the invitation email (idempotent per outbox id: a retry after a
 * successful send, or a job for a token that was replaced, cancelled or used, sends nothing) and the
 * repeatable expiry sweep.
 */
@Injectable()
export class TeamProcessor {
  private readonly logger = new Logger('TeamProcessor');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly invitations: InvitationsRepository,
    private readonly invitationsService: InvitationsService,
    private readonly outbox: OutboxService,
    private readonly mail: MailService,
    private readonly workspaces: WorkspaceService,
  ) {}

  @JobHandler(JobName.SendInvitationEmail)
  async sendInvitationEmail(job: Job<InvitationEmailJob>) {
    const { invitationId, outboxId, token } = job.data;
    const inv = await this.invitations.findForEmail(invitationId);
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
        await this.invitations.markEmailFailed(invitationId, outboxId, errorText(err));
        await this.forgetToken(job);
        throw new UnrecoverableError(`SMTP rejected the message: ${errorText(err)}`);
      }
      throw err;
    }
    await this.invitations.markEmailSent(invitationId, outboxId);
    await this.forgetToken(job);
    return { sent: true, transport: this.mail.transport };
  }

  /** All attempts used: the failure becomes visible on the invitation (`emailStatus: failed`). */
  @OnJobFailed(JobName.SendInvitationEmail)
  async invitationEmailFailed(job: Job<InvitationEmailJob>) {
    if (job.data.outboxId) await this.invitations.markEmailFailed(job.data.invitationId, job.data.outboxId, errorText(job.failedReason));
    await this.forgetToken(job);
  }

  @JobHandler(JobName.ExpireInvitations)
  async expireInvitations() {
    return { expired: await this.invitationsService.expireDue() };
  }

  /**
   * Once the email is sent (or given up), the raw token need not be kept anywhere: drop it from the outbox row and
   * the job. Best effort (the email has gone out; failing the job would send it again): a failure is logged and
   * counted (`swallowed_errors_total{where="team.forget_token.*"}`); the token is single-use and expires anyway.
   */
  private async forgetToken(job: Job<InvitationEmailJob>) {
    const context = { invitationId: job.data.invitationId, outboxId: job.data.outboxId };
    if (job.data.outboxId) await this.outbox.forget(job.data.outboxId, ['token']).catch(swallow('team.forget_token.outbox', context));
    await job
      .updateData({ invitationId: job.data.invitationId, workspaceId: job.data.workspaceId, outboxId: job.data.outboxId })
      .catch(swallow('team.forget_token.job', context));
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err ?? 'unknown error'));
