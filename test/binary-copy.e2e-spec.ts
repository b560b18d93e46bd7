import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BinaryCopyWriter } from '../src/modules/ingestion/storage/postgres/binary-copy';

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
