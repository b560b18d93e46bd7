import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, Timestamp, UpdatedAt, UuidPrimary } from '../../../database/columns';
import { Role } from '../../../common/auth/roles';

export const INVITATION_STATUSES = ['pending', 'accepted', 'cancelled', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const EMAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export type InviterType = 'user' | 'api_key';

/**
 * An invitation to a workspace. The token is never stored, only its SHA-256 digest; resending replaces
 * the digest (the old token stops working). At most one pending invitation per workspace and email.
 */
@Entity('invitations')
@Index('uq_invitations_workspace_email_pending', ['workspaceId', 'email'], { unique: true, where: `status = 'pending'` })
@Index('ix_invitations_workspace_status', ['workspaceId', 'status', 'createdAt'])
@Index('ix_invitations_pending_expiry', ['expiresAt'], { where: `status = 'pending'` })
export class Invitation {
  @UuidPrimary() id: string;
  @Column('uuid') workspaceId: string;
  /** stored lower-cased */
  @Column({ type: 'varchar', length: 254 }) email: string;
  @Column({ type: 'varchar', length: 16 }) role: Role;
  @Column({ type: 'varchar', length: 16, default: 'pending' }) status: InvitationStatus;
  @Index('uq_invitations_token_digest', { unique: true }) @Column({ type: 'char', length: 64 }) tokenDigest: string;
  @Column({ type: 'varchar', length: 16 }) invitedByType: InviterType;
  @Column({ type: 'uuid' }) invitedById: string;
  /** the inviter's display name when the invitation was made (shown in the email and on the accept page) */
  @Column({ type: 'varchar', length: 120 }) invitedByName: string;
  @Timestamp() expiresAt: Date;
  @Timestamp({ nullable: true }) acceptedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) acceptedBy: string | null;
  @Timestamp({ nullable: true }) cancelledAt: Date | null;
  @Column({ type: 'varchar', length: 16, default: 'pending' }) emailStatus: EmailStatus;
  /** outbox id (= BullMQ job id) of the email for the current token; an older job finding another id does nothing */
  @Column({ type: 'uuid', nullable: true }) emailOutboxId: string | null;
  @Timestamp({ nullable: true }) emailSentAt: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) emailError: string | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
