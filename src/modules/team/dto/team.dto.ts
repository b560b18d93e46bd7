import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Role, ROLES } from '../../../common/auth/roles';
import { PageOf, PageQueryDto } from '../../../common/pagination/pagination';
import { WorkspaceDto } from '../../workspace/dto/workspace.dto';
import { EMAIL_STATUSES, EmailStatus, INVITATION_STATUSES, InvitationStatus, InviterType } from '../entities/invitation.entity';
import { MEMBER_STATUSES, MemberStatus } from '../../auth/membership';

const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

// ---------------------------------------------------------------- members

export class MemberDto {
  @ApiProperty({ format: 'uuid', description: 'Membership id (used in /team/members/:id paths)' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ example: 'ada@example.com' }) email: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ enum: MEMBER_STATUSES, enumName: 'MemberStatus' }) status: MemberStatus;
  @ApiProperty({ format: 'date-time' }) joinedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) removedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastActiveAt: string | null;
}

export const MemberPageDto = PageOf(MemberDto, 'MemberPage');

export class MemberQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MEMBER_STATUSES, enumName: 'MemberStatus', default: 'active' })
  @IsOptional()
  @IsIn(MEMBER_STATUSES)
  status?: MemberStatus;

  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES, enumName: 'Role', description: 'Not above your own; only an owner grants or takes away owner' })
  @IsIn(ROLES)
  role: Role;
}

// ------------------------------------------------------------ invitations

export class InviteDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'grace@example.com' })
  @Transform(lowerTrim)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role', description: 'Only an owner may invite an owner' })
  @IsIn(ROLES)
  role: Role;
}

export class InvitationInviterDto {
  @ApiProperty({ enum: ['user', 'api_key'], enumName: 'InviterType' }) type: InviterType;
  @ApiProperty({ format: 'uuid', description: 'User id or API key id' }) id: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name: string;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'grace@example.com' }) email: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({
    enum: INVITATION_STATUSES,
    enumName: 'InvitationStatus',
    description: 'A pending invitation past expiresAt shows as expired',
  })
  status: InvitationStatus;
  @ApiProperty({ type: InvitationInviterDto }) invitedBy: InvitationInviterDto;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    enum: EMAIL_STATUSES,
    enumName: 'InvitationEmailStatus',
    description: 'Delivery of the invitation email: pending (queued or retrying), sent (accepted by the SMTP server), failed (gave up)',
  })
  emailStatus: EmailStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) emailSentAt: string | null;
}

export const InvitationPageDto = PageOf(InvitationDto, 'InvitationPage');

export class InvitationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INVITATION_STATUSES, enumName: 'InvitationStatus', default: 'pending' })
  @IsOptional()
  @IsIn(INVITATION_STATUSES)
  status?: InvitationStatus;
}

export class InvitationPreviewWorkspaceDto {
  @ApiProperty({ example: 'Acme AI' }) name: string;
}

export class InvitationPreviewInviterDto {
  @ApiProperty({ example: 'Ada Lovelace' }) name: string;
}

/** What the accept page shows before the invitee decides. */
export class InvitationPreviewDto {
  @ApiProperty({ type: InvitationPreviewWorkspaceDto }) workspace: InvitationPreviewWorkspaceDto;
  @ApiProperty({ example: 'grace@example.com' }) email: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ type: InvitationPreviewInviterDto }) invitedBy: InvitationPreviewInviterDto;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class AcceptInvitationDto {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 100,
    example: 'Grace Hopper',
    description: "Without a credential, for an email with no account yet: the new account's name (ignored when the account exists)",
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description:
      "Required without a credential: the password of the invited email's account (wrong → 401), or of the account to create (12+ characters)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  password?: string;
}

export class AcceptedInvitationDto {
  @ApiProperty({ type: MemberDto }) member: MemberDto;
  @ApiProperty({ type: WorkspaceDto }) workspace: WorkspaceDto;
  @ApiProperty({ example: 'ao_at_Zm9v…', description: 'Bearer access token for the invited workspace' }) accessToken: string;
  @ApiProperty({ example: 86400, description: 'Seconds until the access token expires' }) expiresIn: number;
}
