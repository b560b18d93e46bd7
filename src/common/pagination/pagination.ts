import { Type as NestType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '../errors/domain-error';

export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Page size (1..100)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ maxLength: 500, pattern: '^[A-Za-z0-9_-]+$', description: "Opaque cursor from the previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

/**
 * Position after the last item of a page: its sort value, a UTC timestamp with 3 or 6 fraction digits
 * (`Date.toISOString()`, or a span time to the microsecond), and its id (tie-breaker), a UUID or a 32-hex trace id.
 * Every list of the API sorts by such a pair.
 */
export interface CursorPosition {
  v: string;
  id: string;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(?:\d{3})?Z$/;
const CURSOR_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;

/** A timestamp as toISOString() writes it, to the ms or µs (so 2026-02-30 or hour 25 are not "valid"), and an id of ours. */
function isPosition(v: unknown, id: unknown): v is string {
  if (typeof v !== 'string' || !ISO_TIME.test(v) || typeof id !== 'string' || !CURSOR_ID.test(id)) return false;
  const at = new Date(v);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 23) === v.slice(0, 23);
}

export function encodeCursor(pos: CursorPosition): string {
  return Buffer.from(JSON.stringify([pos.v, pos.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined) return undefined;
  const bad = () =>
    new DomainError('validation_failed', 'cursor is not a valid cursor from this list', {
      errors: [{ field: 'cursor', message: 'is not a valid cursor' }],
    });
  if (!/^[A-Za-z0-9_-]{1,500}$/.test(cursor)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad(); // not base64url of JSON
  }
  // Checked in full here, not by the query that uses it: a well-formed cursor holding another type used to reach
  // Postgres and fail there (500) on every list.
  if (Array.isArray(parsed) && parsed.length === 2 && isPosition(parsed[0], parsed[1])) return { v: parsed[0], id: parsed[1] as string };
  throw bad();
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Builds a page from `limit + 1` rows fetched in list order. */
export function toPage<R, T>(rows: R[], limit: number, position: (row: R) => CursorPosition, map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { data: items.map(map), nextCursor: more ? encodeCursor(position(items[items.length - 1])) : null };
}

export const pageLimit = (q: PageQueryDto) => q.limit ?? 20;

/** A named page schema per item type, e.g. `MemberPage { data: Member[], nextCursor }`. */
export function PageOf<T>(item: NestType<T>, name: string): NestType<Page<T>> {
  class PageDto {
    @ApiProperty({ type: [item] }) data: T[];
    @ApiProperty({ type: String, nullable: true, description: 'Cursor for the next page; null on the last page' })
    nextCursor: string | null;
  }
  Object.defineProperty(PageDto, 'name', { value: name });
  return PageDto;
}
