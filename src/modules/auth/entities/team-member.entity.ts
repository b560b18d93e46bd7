import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, Timestamp, UpdatedAt, UuidPrimary } from '../../../database/columns';
import { Role } from '../../../common/auth/roles';
import type { MemberStatus } from '../membership';

/**
 * A user's membership of a workspace (the seed's team_members): role, status, soft delete. Owned by auth, which
 * resolves credentials against it; the team module manages members through MembershipsService.
 */
@Entity('team_members')
@Index('uq_team_members_workspace_user', ['workspaceId', 'userId'], { unique: true })
@Index('ix_team_members_workspace_status', ['workspaceId', 'status', 'joinedAt'])
export class TeamMember {
  @UuidPrimary() id: string;
  @Column('uuid') workspaceId: string;
  @Index('ix_team_members_user') @Column('uuid') userId: string;
  @Column({ type: 'varchar', length: 16 }) role: Role;
  @Column({ type: 'varchar', length: 16, default: 'active' }) status: MemberStatus;
  @Column({ type: 'uuid', nullable: true }) invitedBy: string | null;
  @Timestamp() joinedAt: Date;
  @Timestamp({ nullable: true }) removedAt: Date | null;
  @Timestamp({ nullable: true }) lastActiveAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
