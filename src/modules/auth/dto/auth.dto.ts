import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Role, ROLES } from '../../../common/auth/roles';
import { WorkspaceDto } from '../../workspace/dto/workspace.dto';

export const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class SignupDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'ada@example.com' })
  @Transform(lowerTrim)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ minLength: 12, maxLength: 200, example: 'correct horse battery staple' })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Ada Lovelace' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Acme AI' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  workspaceName: string;
}

export class LoginDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'ada@example.com' })
  @Transform(lowerTrim)
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty({ maxLength: 200, example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Workspace to sign in to; default: the oldest active membership' })
  @IsOptional()
  @IsUUID()
  workspaceId?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ada@example.com' }) email: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AuthResponseDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ type: WorkspaceDto }) workspace: WorkspaceDto;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ example: 'ao_at_Zm9v…', description: 'Bearer access token' }) accessToken: string;
  @ApiProperty({ example: 86400, description: 'Seconds until the access token expires' }) expiresIn: number;
}

export class MeApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'ao_sk_3fK9' }) prefix: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
}

export class MeWorkspaceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
}

export class MeDto {
  @ApiProperty({ type: UserDto, nullable: true }) user: UserDto | null;
  @ApiProperty({ type: MeApiKeyDto, nullable: true }) apiKey: MeApiKeyDto | null;
  @ApiProperty({ type: WorkspaceDto }) workspace: WorkspaceDto;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ type: [MeWorkspaceDto], description: 'Every workspace the user is an active member of (for an API key: its own)' })
  workspaces: MeWorkspaceDto[];
}
