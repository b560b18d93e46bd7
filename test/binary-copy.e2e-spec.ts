import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { arrayParams, ArrayColumn, unnestSql } from '../src/modules/ingestion/storage/postgres/array-params';
import { BinaryArrays, BinaryCopyWriter, PG_TYPE } from '../src/modules/ingestion/storage/postgres/binary-copy';

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

  it('round-trips every column type through unnest: NULLs, edge values, exact decimals, text[] lists, a buffer that grew', async () => {
    type Row = [string, number | null, number | null, string | null, number | null, boolean | null, string | null, string[]];
    const rows: Row[] = [
      [
        '0123456789abcdef0123456789abcdef',
        Date.UTC(2026, 10, 25, 12, 34, 56, 789) * 1000 + 123,
        -(2 ** 31),
        'héllo €',
        9_007_199_254_740_991,
        true,
        '123456789.000000001',
        ['gpt-4o', 'say "hi"\\n'],
      ],
      ['00000000-0000-4000-8000-000000000001', null, 2 ** 31 - 1, 'x'.repeat(5_000) + '𝄞', -42, false, '-0.000179', []],
      [
        'ffffffffffffffffffffffffffffffff',
        Date.UTC(1999, 11, 31, 23, 59, 59, 1) * 1000 + 999,
        null,
        null,
        null,
        null,
        null,
        ['ü', '{a,b}'],
      ],
    ];
    const columns: ArrayColumn<Row>[] = [
      { name: 'u', type: 'uuid', value: (r) => r[0] },
      { name: 'ts', type: 'timestamptz', value: (r) => r[1] },
      { name: 'i4', type: 'int4', value: (r) => r[2] },
      { name: 't', type: 'text', value: (r) => r[3] },
      { name: 'i8', type: 'int8', value: (r) => r[4] },
      { name: 'b', type: 'bool', value: (r) => r[5] },
      { name: 'n', type: 'numeric', value: (r) => r[6] },
      { name: 'm', type: 'text[]', value: (r) => r[7] },
    ];
    const { rows: got } = await db.query(
      `SELECT a.u::text, (extract(epoch from a.ts) * 1000000)::int8::text AS ts, a.i4, a.t, a.i8::text, a.b, a.n::text, a.m::text[] AS m
         FROM ${unnestSql(columns, 1, 'a')}`,
      arrayParams(rows, columns),
    );
    expect(got).toEqual([
      {
        u: '01234567-89ab-cdef-0123-456789abcdef',
        ts: String(rows[0][1]),
        i4: -(2 ** 31),
        t: 'héllo €',
        i8: '9007199254740991',
        b: true,
        n: '123456789.000000001',
        m: rows[0][7],
      },
      { u: '00000000-0000-4000-8000-000000000001', ts: null, i4: 2 ** 31 - 1, t: rows[1][3], i8: '-42', b: false, n: '-0.000179', m: [] },
      { u: 'ffffffff-ffff-ffff-ffff-ffffffffffff', ts: String(rows[2][1]), i4: null, t: null, i8: null, b: null, n: null, m: rows[2][7] },
    ]);
  });

  it("an array whose element type is not the parameter's is refused by Postgres", async () => {
    const w = new BinaryArrays();
    await expect(db.query('SELECT cardinality($1::int8[])', [w.begin(PG_TYPE.int4, 1).int4(1).end()])).rejects.toThrow(/element type/);
  });
});
