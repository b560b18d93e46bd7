import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, Timestamp, UuidPrimary } from '../../../database/columns';

/** A user access token (opaque; only its SHA-256 digest is stored), bound to one workspace. */
@Entity('sessions')
export class Session {
  @UuidPrimary() id: string;
  @Index('ix_sessions_user') @Column('uuid') userId: string;
  @Column('uuid') workspaceId: string;
  @Index('uq_sessions_token_digest', { unique: true }) @Column({ type: 'char', length: 64 }) tokenDigest: string;
  @Timestamp() expiresAt: Date;
  @Timestamp({ nullable: true }) revokedAt: Date | null;
  @CreatedAt() createdAt: Date;
}
