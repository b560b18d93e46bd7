import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BinaryArrays, BinaryCopyWriter, PG_TYPE } from '../src/modules/ingestion/storage/postgres/binary-copy';
import { textArrayLiteral } from '../src/modules/ingestion/storage/postgres/postgres-trace-store';

const copyInto = (db: Client, sql: string, data: Buffer) =>
  new Promise<void>((resolve, reject) => {
    const stream = db.query(copyFrom(sql));
    stream.on('finish', resolve).on('error', reject);
    stream.end(data);
  });

/** The binary COPY writer against real Postgres: every type the span COPY uses, NULLs, edge values, growth. */
describe('BinaryCopyWriter → Postgres', () => {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  beforeAll(async () => {
    await db.connect();
    await db.query(`CREATE TEMP TABLE copy_probe (u uuid, t varchar, ts timestamptz, j jsonb, i int8, n numeric(18,9))`);
  });
  afterAll(() => db.end());

  it('round-trips values, NULLs and multi-byte text', async () => {
    const long = 'ü€𝄞'.repeat(30_000); // 3 chars, 9 UTF-8 bytes each round: forces the buffer to grow
    const rows: [string, string | null, number | null, string | null, number | null, number | null][] = [
      [
        '0123456789abcdef0123456789abcdef',
        'héllo €',
        Date.UTC(2026, 10, 25, 12, 34, 56, 789) * 1000 + 123,
        '{"a":[1,"ü",null]}',
        1e12,
        1234.000179001,
      ],
      ['00000000-0000-4000-8000-000000000001', null, null, null, null, null],
      ['ffffffffffffffffffffffffffffffff', long, Date.UTC(1999, 11, 31, 23, 59, 59, 1) * 1000 + 999, '"x"', 0, 0],
      ['0123456789abcdef0123456789abcdee', '', Date.UTC(2000, 0, 1) * 1000, '{}', 9_007_199_254_740_991, 1e6],
      ['0123456789abcdef0123456789abcded', 't', 0, 'null', 42, 1.79e-7],
    ];
    const w = new BinaryCopyWriter(64);
    for (const [u, t, ts, j, i, n] of rows) w.row(6).uuid(u).text(t).timestamp(ts).jsonb(j).int8(i).numeric9(n);
    await copyInto(db, 'COPY copy_probe FROM STDIN (FORMAT binary)', w.finish());
    const { rows: got } = await db.query(
      `SELECT u::text, t, (extract(epoch from ts) * 1000000)::int8::text AS ts, j, i::text, n::text FROM copy_probe ORDER BY u`,
    );
    expect(got).toEqual([
      { u: '00000000-0000-4000-8000-000000000001', t: null, ts: null, j: null, i: null, n: null },
      { u: '01234567-89ab-cdef-0123-456789abcded', t: 't', ts: '0', j: null, i: '42', n: '0.000000179' },
      {
        u: '01234567-89ab-cdef-0123-456789abcdee',
        t: '',
        ts: String(Date.UTC(2000, 0, 1) * 1000),
        j: {},
        i: '9007199254740991',
        n: '1000000.000000000',
      },
      {
        u: '01234567-89ab-cdef-0123-456789abcdef',
        t: 'héllo €',
        ts: String(Date.UTC(2026, 10, 25, 12, 34, 56, 789) * 1000 + 123),
        j: { a: [1, 'ü', null] },
        i: '1000000000000',
        n: '1234.000179001',
      },
      {
        u: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
        t: long,
        ts: String(Date.UTC(1999, 11, 31, 23, 59, 59, 1) * 1000 + 999),
        j: 'x',
        i: '0',
        n: '0.000000000',
      },
    ]);
  });
});

/** Binary array parameters (the trace summaries' columns) against real Postgres: every element type, NULLs, growth. */
describe('BinaryArrays → Postgres', () => {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  beforeAll(() => db.connect());
  afterAll(() => db.end());

  it('round-trips each element type through unnest, NULLs and a buffer that grew between arrays', async () => {
    const w = new BinaryArrays(64); // small: the text array below makes it grow, the arrays before it stay intact
    const uuids = ['0123456789abcdef0123456789abcdef', '00000000-0000-4000-8000-000000000001', 'ffffffffffffffffffffffffffffffff'];
    const texts = ['héllo €', 'x'.repeat(5_000) + '𝄞', ''];
    const stamps = [Date.UTC(2026, 10, 25, 12, 34, 56, 789) * 1000 + 123, null, Date.UTC(1999, 11, 31, 23, 59, 59, 1) * 1000 + 999];
    const int4s = [-(2 ** 31), 2 ** 31 - 1, null];
    const int8s = [9_007_199_254_740_991, -42, null];
    const bools = [true, false, null];
    const models = [['gpt-4o', 'say "hi"\\n'], [], ['ü', '{a,b}']];
    const params = [
      w.array(PG_TYPE.uuid, uuids, (w, v) => w.uuid(v)),
      w.array(PG_TYPE.timestamptz, stamps, (w, v) => w.timestamp(v)),
      w.array(PG_TYPE.int4, int4s, (w, v) => w.int4(v)),
      w.array(PG_TYPE.text, texts, (w, v) => w.text(v)),
      w.array(PG_TYPE.int8, int8s, (w, v) => w.int8(v)),
      w.array(PG_TYPE.bool, bools, (w, v) => w.bool(v)),
      w.array(PG_TYPE.text, models, (w, v) => w.text(textArrayLiteral(v))),
    ];
    const { rows } = await db.query(
      `SELECT u::text, (extract(epoch from ts) * 1000000)::int8::text AS ts, i4, t, i8::text, b, m::text[] AS m
         FROM unnest($1::uuid[], $2::timestamptz[], $3::int4[], $4::text[], $5::int8[], $6::bool[], $7::text[]) AS a(u, ts, i4, t, i8, b, m)`,
      params,
    );
    expect(rows).toEqual([
      {
        u: '01234567-89ab-cdef-0123-456789abcdef',
        ts: String(stamps[0]),
        i4: -(2 ** 31),
        t: texts[0],
        i8: '9007199254740991',
        b: true,
        m: models[0],
      },
      { u: '00000000-0000-4000-8000-000000000001', ts: null, i4: 2 ** 31 - 1, t: texts[1], i8: '-42', b: false, m: [] },
      { u: 'ffffffff-ffff-ffff-ffff-ffffffffffff', ts: String(stamps[2]), i4: null, t: '', i8: null, b: null, m: models[2] },
    ]);
  });

  it("an array whose element type is not the parameter's is refused by Postgres", async () => {
    const w = new BinaryArrays();
    await expect(db.query('SELECT cardinality($1::int8[])', [w.array(PG_TYPE.int4, [1], (w, v) => w.int4(v))])).rejects.toThrow(
      /element type/,
    );
  });
});
