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
const NANO = 1_000_000_000;

export class BinaryCopyWriter {
  private buf: Buffer;
  private at = 0;

  constructor(sizeHint = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(sizeHint, 64));
    SIGNATURE.copy(this.buf, 0);
    this.at = SIGNATURE.length;
    this.int32(0); // flags: no OIDs
    this.int32(0); // header extension length
  }

  private ensure(bytes: number) {
    if (this.at + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + bytes));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  private int32(v: number) {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.at);
    this.at += 4;
  }

  /** A signed 64-bit integer from a safe JS integer, as two 32-bit halves (no BigInt per value). */
  private int64(v: number) {
    const hi = Math.floor(v / TWO_32);
    this.ensure(8);
    this.buf.writeInt32BE(hi, this.at);
    this.buf.writeUInt32BE(v - hi * TWO_32, this.at + 4);
    this.at += 8;
  }

  /** Starts a row of `fields` values (then one call per field, in column order). */
  row(fields: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(fields, this.at);
    this.at += 2;
    return this;
  }

  /** uuid from 32 hex digits, dashes allowed */
  uuid(value: string): this {
    const hex = value.length === 32 ? value : value.replace(/-/g, '');
    if (hex.length !== 32) throw new Error('uuid: expected 32 hex digits');
    this.int32(16);
    this.ensure(16);
    if (this.buf.write(hex, this.at, 16, 'hex') !== 16) throw new Error('uuid: expected 32 hex digits');
    this.at += 16;
    return this;
  }

  /** text / varchar (UTF-8) */
  text(value: string | null): this {
    if (value === null) return this.nullField();
    this.ensure(4 + value.length * 3);
    const bytes = this.buf.write(value, this.at + 4, 'utf8');
    this.buf.writeInt32BE(bytes, this.at);
    this.at += 4 + bytes;
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
    this.buf.writeInt32BE(bytes + 1, this.at);
    this.buf[this.at + 4] = 1;
    this.at += 5 + bytes;
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
    let int = Math.floor(nanos / NANO);
    const frac = (nanos - int * NANO) * 1000; // 12 decimal digits
    const groups: number[] = [];
    do {
      groups.unshift(int % 10000);
      int = Math.floor(int / 10000);
    } while (int > 0);
    const weight = groups.length - 1;
    groups.push(Math.floor(frac / 1e8), Math.floor(frac / 1e4) % 10000, frac % 10000);
    this.int32(8 + 2 * groups.length);
    this.ensure(8 + 2 * groups.length);
    this.buf.writeInt16BE(groups.length, this.at);
    this.buf.writeInt16BE(weight, this.at + 2);
    this.buf.writeUInt16BE(0, this.at + 4); // sign: positive
    this.buf.writeInt16BE(9, this.at + 6); // display scale
    this.at += 8;
    for (const g of groups) {
      this.buf.writeInt16BE(g, this.at);
      this.at += 2;
    }
    return this;
  }

  private nullField(): this {
    this.int32(-1);
    return this;
  }

  /** The finished COPY data (with its trailer); the writer must not be used afterwards. */
  finish(): Buffer {
    this.ensure(2);
    this.buf.writeInt16BE(-1, this.at);
    this.at += 2;
    return this.buf.subarray(0, this.at);
  }
}
