/**
 * `ingest-pipeline`: CPU per span of the ingest path's in-process work on the `ingest` bench's realistic mix bodies
 * (bench/lib/spans.ts `makeMixBatches`, 500-span batches of ~0.9 KB), without HTTP, Nest or a database: the body
 * scanner (ingest-body.ts), `normalizeSpan`, the batch's trace summaries as the upsert's array parameters and the binary
 * COPY rows (postgres-trace-store.ts `copyRows`). It isolates what the code of this repository spends per span from
 * the per-request and GC costs the `ingest` bench also measures (README, Performance, step 6); ratio= is that cost
 * over a bare JSON.parse of the same bodies. No services needed:
 * `node --max-semi-space-size=64 dist/bench/ingest-pipeline.js` (the young generation the API runs with; `npm run
 * bench -- ingest-pipeline` runs it with V8's default, ~2 µs more per span of scavenges).
 */
import { scanIngestBody } from '../src/modules/ingestion/ingest-body';
import { normalizeSpan } from '../src/modules/ingestion/span-model';
import { copyRows, summaryParams } from '../src/modules/ingestion/storage/postgres/postgres-trace-store';
import { newTraceSummaries } from '../src/modules/ingestion/storage/postgres/trace-aggregates';
import { fmt } from './lib/harness';
import { ingestBody, makeMixBatches } from './lib/spans';

const WORKSPACE = '11111111-2222-3333-4444-555555555555';

export async function main(): Promise<void> {
  const { mix } = makeMixBatches(60, 500);
  const bodies = mix.map(ingestBody);
  const now = Date.now();
  const run = (rounds: number) => {
    let spans = 0;
    for (let r = 0; r < rounds; r++)
      for (const bytes of bodies) {
        const scanned = scanIngestBody(Buffer.from(bytes)); // a fresh Buffer per request, as Fastify hands it over
        if (!scanned) throw new Error('ingest-pipeline: the scanner fell back on a bench body');
        const valid = scanned.spans.map((s) => normalizeSpan(s, now));
        summaryParams(newTraceSummaries(valid));
        const traceTime = new Map<string, number>();
        for (const s of valid) if (!traceTime.has(s.traceId)) traceTime.set(s.traceId, s.startUs);
        const rows = copyRows(WORKSPACE, valid, traceTime);
        rows.finish();
        rows.release();
        spans += valid.length;
      }
    return spans;
  };
  // the yardstick: JSON.parse of the same bodies (what the ordinary body parser costs before any validation or storage)
  const parse = (rounds: number) => {
    let spans = 0;
    for (let r = 0; r < rounds; r++)
      for (const bytes of bodies) spans += (JSON.parse(Buffer.from(bytes).toString('utf8')) as { spans: unknown[] }).spans.length;
    return spans;
  };
  const usPerSpan = (work: (rounds: number) => number) => {
    work(4); // warm-up (JIT, wasm tier-up)
    const before = process.cpuUsage();
    const spans = work(Number(process.env.BENCH_PIPELINE_ROUNDS ?? 10));
    const used = process.cpuUsage(before);
    return (used.user + used.system) / spans;
  };
  const pipeline = usPerSpan(run);
  const parsed = usPerSpan(parse);
  console.log(
    `ingest-pipeline: scan + normalise + summaries + COPY rows cpu_us_per_span=${fmt(pipeline, 2)}, ` +
      `JSON.parse of the same bodies ${fmt(parsed, 2)} µs/span; ratio=${fmt(pipeline / parsed, 2)}`,
  );
}

if (require.main === module) void main();
