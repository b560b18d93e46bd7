/**
 * Rows in PostgreSQL's binary COPY format (`COPY … FROM STDIN (FORMAT binary)`, see the "COPY" page of the
 * PostgreSQL manual, "Binary Format"): a signature and header, then per row a 16-bit field count and per
 * field a 32-bit byte length (-1 for NULL) followed by the value in the type's binary "send" form; a 16-bit
 * -1 ends the data. Compared with the text format it spares building escaped text and Postgres parsing
 * timestamps, uuids and numbers back out of it (measured by the `ingest` benchmark).
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** 2000-01-01T00:00:00Z, Postgres' timestamp epoch, in Unix microseconds */
const PG_EPOCH_US = 946_684_800_000_000;
const TWO_32 = 2 ** 32;
const TWO_31 = 2 ** 31;
const NANO = 1_000_000_000;

/** Value of each ASCII hex digit, -1 for anything else. */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[65 + i] = HEX[97 + i] = 10 + i;

/** Strings up to this many UTF-16 units are written by a byte loop when ASCII (cheaper than a native call). */
const SHORT = 48;

/**
 * Buffers of finished COPY data come back here once the COPY completed (`release`), so a process ingesting batch
 * after batch reuses a few buffers instead of allocating ~0.5–1 MB of external memory per batch (which also
 * drives V8's external-memory GC pressure). Bounded: at most POOL_SIZE buffers of at most POOL_MAX_BYTES each.
 */
const pool: Buffer[] = [];
const POOL_SIZE = 8;
const POOL_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Values in their binary "send" forms, each preceded by its 32-bit byte length (-1 for NULL): a field of a binary
 * COPY row and an element of a binary array parameter are encoded alike.
 */
class BinaryValues {
  protected at = 0;
  /** a NULL was written since `nulls` was last reset */
  protected nulls = false;

  constructor(protected buf: Buffer) {}

  /** a buffer whose copy sits at the tail of `buf`, from `stagedAt` on (BinaryCopyWriter.stage); none: null */
  protected staged: Buffer | null = null;
  protected stagedAt = 0;

  protected ensure(bytes: number) {
    if (this.at + bytes <= (this.staged ? this.stagedAt : this.buf.length)) return;
    // (a staged copy stays behind: values are copied from their own buffer again)
    this.grow(Math.max(this.buf.length * 2, this.at + bytes));
    this.staged = null;
  }

  /** A buffer of `size` bytes holding what was written so far. */
  protected grow(size: number) {
    const next = Buffer.allocUnsafeSlow(size);
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  protected int32(v: number) {
    this.ensure(4);
    const b = this.buf;
    const at = this.at;
    b[at] = v >>> 24;
    b[at + 1] = v >>> 16;
    b[at + 2] = v >>> 8;
    b[at + 3] = v;
    this.at = at + 4;
  }

  /** A signed 64-bit integer from a safe JS integer, as two 32-bit halves (no BigInt per value). */
  private int64(v: number) {
    const hi = Math.floor(v / TWO_32);
    const lo = v - hi * TWO_32;
    this.ensure(8);
    const b = this.buf;
    const at = this.at;
    b[at] = hi >>> 24;
    b[at + 1] = hi >>> 16;
    b[at + 2] = hi >>> 8;
    b[at + 3] = hi;
    b[at + 4] = lo >>> 24;
    b[at + 5] = lo >>> 16;
    b[at + 6] = lo >>> 8;
    b[at + 7] = lo;
    this.at = at + 8;
  }

  /** Writes `bytes` as they are (e.g. a field encoded once for every row of a batch). */
  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
    return this;
  }

  /** uuid from 32 hex digits, dashes allowed; decoded here byte by byte (no Buffer call per value) */
  uuid(value: string): this {
    const hex = value.length === 32 ? value : value.replace(/-/g, '');
    if (hex.length !== 32) throw new Error('uuid: expected 32 hex digits');
    this.int32(16);
    this.ensure(16);
    const b = this.buf;
    const at = this.at;
    for (let i = 0; i < 16; i++) {
      const c1 = hex.charCodeAt(2 * i);
      const c2 = hex.charCodeAt(2 * i + 1);
      const h = c1 < 128 ? HEX[c1] : -1;
      const l = c2 < 128 ? HEX[c2] : -1;
      if (h < 0 || l < 0) throw new Error('uuid: expected 32 hex digits');
      b[at + i] = (h << 4) | l;
    }
    this.at = at + 16;
    return this;
  }

  /** text / varchar (UTF-8); short ASCII strings (ids, kinds, statuses, names) by a byte loop */
  text(value: string | null): this {
    if (value === null) return this.nullField();
    const n = value.length;
    if (n <= SHORT) {
      this.ensure(4 + n);
      const b = this.buf;
      const start = this.at + 4;
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 128) break;
        b[start + i] = c;
      }
      if (i === n) {
        this.int32(n);
        this.at += n;
        return this;
      }
    }
    this.ensure(4 + n * 3);
    const bytes = this.buf.write(value, this.at + 4, 'utf8');
    this.int32(bytes);
    this.at += bytes;
    return this;
  }

  /** timestamptz from Unix microseconds (microseconds since 2000-01-01 on the wire) */
  timestamp(us: number | null): this {
    if (us === null) return this.nullField();
    this.int32(8);
    this.int64(us - PG_EPOCH_US);
    return this;
  }

  /** jsonb from JSON text: version byte 1, then the text */
  jsonb(json: string | null): this {
    if (json === null) return this.nullField();
    this.ensure(5 + json.length * 3);
    const bytes = this.buf.write(json, this.at + 5, 'utf8');
    this.int32(bytes + 1);
    this.buf[this.at] = 1;
    this.at += 1 + bytes;
    return this;
  }

  /** jsonb from JSON text already encoded as UTF-8 (`source[start, end)`), copied as it is */
  jsonbBytes(source: Buffer, start: number, end: number): this {
    const bytes = end - start;
    this.ensure(5 + bytes);
    this.int32(bytes + 1);
    this.buf[this.at] = 1;
    // within one buffer when `source` is staged: Node 20's Buffer#copy of a range allocates a view of the source per call
    if (source === this.staged) this.buf.copyWithin(this.at + 1, this.stagedAt + start, this.stagedAt + end);
    else source.copy(this.buf, this.at + 1, start, end);
    this.at += 1 + bytes;
    return this;
  }

  /** int4 from a JS integer in its range */
  int4(value: number | null): this {
    if (value === null) return this.nullField();
    if (!Number.isInteger(value) || value < -TWO_31 || value >= TWO_31) throw new Error('int4: expected a 32-bit integer');
    this.int32(4);
    this.int32(value);
    return this;
  }

  bool(value: boolean | null): this {
    if (value === null) return this.nullField();
    this.int32(1);
    this.ensure(1);
    this.buf[this.at++] = value ? 1 : 0;
    return this;
  }

  /** int8 from a safe JS integer */
  int8(value: number | null | undefined): this {
    if (value === null || value === undefined) return this.nullField();
    this.int32(8);
    this.int64(value);
    return this;
  }

  /**
   * numeric with 9 decimal places (e.g. numeric(18,9)) from a non-negative JS number, rounded to the nano
   * unit like the trace summaries: base-10000 digit groups, the integer part first, then three groups
   * for the 9 (padded to 12) decimals; Postgres strips the zero groups.
   */
  numeric9(value: number | null): this {
    if (value === null) return this.nullField();
    if (!(value >= 0) || !Number.isFinite(value)) throw new Error('numeric9: expected a finite non-negative number');
    const nanos = Math.round(value * NANO);
    const int = Math.floor(nanos / NANO);
    const frac = (nanos - int * NANO) * 1000; // 12 decimal digits
    let weight = 0; // groups of the integer part - 1 (no array per value: this runs for every span with a cost)
    for (let rest = int; rest >= 10000; rest = Math.floor(rest / 10000)) weight++;
    const groups = weight + 4;
    this.int32(8 + 2 * groups);
    this.int16(groups);
    this.int16(weight);
    this.int16(0); // sign: positive
    this.int16(9); // display scale
    for (let g = weight; g >= 0; g--) this.int16(Math.floor(int / 10000 ** g) % 10000);
    this.int16(Math.floor(frac / 1e8));
    this.int16(Math.floor(frac / 1e4) % 10000);
    this.int16(frac % 10000);
    return this;
  }

  protected int16(v: number) {
    this.ensure(2);
    this.buf[this.at] = v >>> 8;
    this.buf[this.at + 1] = v;
    this.at += 2;
  }

  private nullField(): this {
    this.nulls = true;
    this.int32(-1);
    return this;
  }
}

export class BinaryCopyWriter extends BinaryValues {
  constructor(sizeHint = 64 * 1024) {
    const want = Math.max(sizeHint, 64);
    let i = pool.length - 1;
    while (i >= 0 && pool[i].length < want) i--;
    super(i >= 0 ? pool.splice(i, 1)[0] : Buffer.allocUnsafeSlow(want));
    SIGNATURE.copy(this.buf, 0);
    this.at = SIGNATURE.length;
    this.int32(0); // flags: no OIDs
    this.int32(0); // header extension length
  }

  /**
   * Copies `source` (e.g. the request body the rows' `jsonbBytes` ranges come from) once to the tail of the buffer,
   * leaving `rowBytes` before it for rows: `jsonbBytes` of that source then moves bytes within one buffer.
   */
  stage(source: Buffer, rowBytes: number): this {
    const need = this.at + rowBytes + source.length;
    if (need > this.buf.length) this.grow(need);
    this.stagedAt = this.buf.length - source.length;
    source.copy(this.buf, this.stagedAt);
    this.staged = source;
    return this;
  }

  /** Hands the writer's buffer back for reuse: only once the data `finish` returned has been fully sent. */
  release(): void {
    const buf = this.buf;
    this.buf = Buffer.alloc(0);
    this.staged = null;
    if (pool.length < POOL_SIZE && buf.length <= POOL_MAX_BYTES) pool.push(buf);
  }

  /** Starts a row of `fields` values (then one call per field, in column order). */
  row(fields: number): this {
    this.int16(fields);
    return this;
  }

  /** The finished COPY data (with its trailer); no more rows afterwards (then `release` once it was sent). */
  finish(): Buffer {
    this.int16(-1);
    return this.buf.subarray(0, this.at);
  }
}

/** Element type OIDs (pg_type) of the binary arrays written here. */
export const PG_TYPE = { bool: 16, int8: 20, int4: 23, text: 25, timestamptz: 1184, uuid: 2950 } as const;

/**
 * One-dimensional arrays in the binary form `array_recv` reads (a Buffer parameter is sent in binary format by
 * node-postgres): dimensions, a has-NULLs flag and the element type, then the elements encoded like COPY fields.
 * Postgres then reads e.g. a batch's trace summaries column by column with `unnest`, without parsing text or jsonb.
 * The arrays of one writer share its buffer.
 */
export class BinaryArrays extends BinaryValues {
  constructor(sizeHint = 4096) {
    super(Buffer.allocUnsafe(Math.max(sizeHint, 64)));
  }

  private start = -1;

  /**
   * Starts an array of `count` elements of type `elementOid`, which must be the one the statement declares for the
   * parameter (`$2::uuid[]`: PG_TYPE.uuid); then one value call per element, then `end`.
   */
  begin(elementOid: number, count: number): this {
    this.start = this.at;
    this.int32(1); // dimensions
    this.int32(0); // has NULLs: set by `end`
    this.int32(elementOid);
    this.int32(count);
    this.int32(1); // lower bound
    this.nulls = false;
    return this;
  }

  /** The array begun last: a view of the buffer as it is now (a later `ensure` moves on to a new buffer, this one stays). */
  end(): Buffer {
    if (this.nulls) this.buf[this.start + 7] = 1;
    return this.buf.subarray(this.start, this.at);
  }
}
