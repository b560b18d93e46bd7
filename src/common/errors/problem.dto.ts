import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES, ErrorCode } from './domain-error';

export class FieldErrorDto {
  @ApiProperty({ example: 'email', maxLength: 200 }) field: string;
  @ApiProperty({ example: 'must be an email', maxLength: 500 }) message: string;
}

/** RFC 9457 problem details, the body of every error response. */
export class ProblemDto {
  @ApiProperty({ example: 'https://docs.agentobs.dev/errors/not-found' }) type: string;
  @ApiProperty({ example: 'Not found' }) title: string;
  @ApiProperty({ example: 404 }) status: number;
  @ApiProperty({ example: 'Member not found' }) detail: string;
  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', example: 'not_found' }) code: ErrorCode;
  @ApiProperty({ example: '5f0c6a5e-1f6b-4d3a-9a51-0b8e0d1a2c3f' }) requestId: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
}
