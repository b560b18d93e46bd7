/**
 * `otlp`: spans/s through POST /v1/traces (OTLP/HTTP protobuf, as the OpenTelemetry exporters send it: decode,
 * GenAI mapping, then the native ingestion path) versus POST /api/v1/ingest (the native JSON endpoint), with the
 * very same spans: 4 concurrent clients sending batches of 500 realistic ~1 KB spans to each, into two
 * workspaces (so the copies never collide). The ratio is otlp/native; the target is ≥ 0.8.
 */
import { ExportTraceServiceRequest } from '../src/modules/otel/otlp/proto';
import { BenchContext, benchContext, fmt, runConcurrently, startApi, workspaceWithKey } from './lib/harness';
import { BenchSpan, makeSpans } from './lib/spans';

const BATCH = 500;
const CLIENTS = 4;

const str = (value: string) => ({ stringValue: value });
function anyValue(v: unknown): Record<string, unknown> {
  if (typeof v === 'string') return str(v);
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: v } : { doubleValue: v };
  return str(JSON.stringify(v));
}
const kv = (attrs: Record<string, unknown>) => Object.entries(attrs).map(([key, value]) => ({ key, value: anyValue(value) }));
const nanos = (iso: string) => `${new Date(iso).getTime()}000000`;

/** The same span as an OpenTelemetry GenAI instrumentation records it. */
function otlpSpan(s: BenchSpan) {
  const attrs: Record<string, unknown> = { ...s.attributes };
  const content = (inKey: string, outKey: string) => {
    attrs[inKey] = JSON.stringify(s.input);
    attrs[outKey] = JSON.stringify(s.output);
  };
  if (s.kind === 'agent') {
    attrs['gen_ai.operation.name'] = 'invoke_agent';
    content('input.value', 'output.value');
  } else if (s.kind === 'llm') {
    attrs['gen_ai.operation.name'] = 'chat';
    content('gen_ai.input.messages', 'gen_ai.output.messages');
  } else if (s.kind === 'tool') {
    attrs['gen_ai.operation.name'] = 'execute_tool';
    content('gen_ai.tool.call.arguments', 'gen_ai.tool.call.result');
  } else {
    attrs['openinference.span.kind'] = 'RETRIEVER';
    content('input.value', 'output.value');
  }
  if (s.model) attrs['gen_ai.request.model'] = s.model;
  if (s.usage) {
    attrs['gen_ai.usage.input_tokens'] = s.usage.inputTokens;
    attrs['gen_ai.usage.output_tokens'] = s.usage.outputTokens;
  }
  return {
    traceId: Buffer.from(s.traceId, 'hex'),
    spanId: Buffer.from(s.spanId, 'hex'),
    ...(s.parentSpanId ? { parentSpanId: Buffer.from(s.parentSpanId, 'hex') } : {}),
    name: s.name,
    kind: s.kind === 'llm' ? 3 : 1,
    startTimeUnixNano: nanos(s.startTime),
    endTimeUnixNano: nanos(s.endTime),
    attributes: kv(attrs),
    status: s.status === 'error' ? { code: 2, message: s.statusMessage ?? '' } : { code: 1 },
  };
}

/** An ExportTraceServiceRequest for the batch, protobuf-encoded by the official generated encoder. */
function otlpBody(spans: BenchSpan[]): Buffer {
  const request = ExportTraceServiceRequest.fromObject({
    resourceSpans: [
      {
        resource: { attributes: kv({ 'service.name': 'support-agent', 'service.version': '1.42.0', 'telemetry.sdk.language': 'nodejs' }) },
        scopeSpans: [{ scope: { name: '@opentelemetry/instrumentation-openai', version: '0.5.0' }, spans: spans.map(otlpSpan) }],
      },
    ],
  });
  return Buffer.from(ExportTraceServiceRequest.encode(request).finish());
}

export async function main(ctx: BenchContext = benchContext()): Promise<void> {
  const batches = Number(process.env.BENCH_INGEST_BATCHES ?? 200);
  const warmup = 8;
  const data: BenchSpan[][] = Array.from({ length: batches + warmup }, (_, i) => makeSpans(BATCH, 1000 + i));
  const native = data.map((spans) => JSON.stringify({ spans }));
  const otlp = data.map(otlpBody);
  const kb = (bodies: (string | Buffer)[]) => bodies.reduce((n, b) => n + Buffer.byteLength(b), 0) / (bodies.length * BATCH) / 1024;

  const api = await startApi(ctx, { INGEST_RATE_LIMIT_PER_MINUTE: '1000000000', RATE_LIMIT_PER_MINUTE: '1000000000' }, 'otlp');
  try {
    const nativeWs = await workspaceWithKey(api, ctx, 'member');
    const otlpWs = await workspaceWithKey(api, ctx, 'member');
    const sendNative = async (body: string) => {
      const res = await fetch(`${api.url}/api/v1/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${nativeWs.key}`, 'content-type': 'application/json' },
        body,
      });
      const out = (await res.json()) as { accepted?: number };
      if (res.status !== 200 || out.accepted !== BATCH)
        throw new Error(`ingest answered ${res.status}: ${JSON.stringify(out).slice(0, 300)}`);
    };
    const sendOtlp = async (body: Buffer) => {
      const res = await fetch(`${api.url}/v1/traces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${otlpWs.key}`, 'content-type': 'application/x-protobuf' },
        body,
      });
      const out = Buffer.from(await res.arrayBuffer());
      // an empty ExportTraceServiceResponse: every span accepted
      if (res.status !== 200 || out.length !== 0)
        throw new Error(`OTLP answered ${res.status} with ${out.length} bytes: ${out.toString('latin1').slice(0, 300)}`);
    };
    await runConcurrently(warmup, CLIENTS, (i) => sendNative(native[i]));
    await runConcurrently(warmup, CLIENTS, (i) => sendOtlp(otlp[i]));
    // Short rounds in alternating order (native, OTLP, OTLP, native, …): the machine is shared, so load that comes
    // and goes hits both alike.
    let nativeSeconds = 0;
    let otlpSeconds = 0;
    const perRound = 10;
    for (let offset = warmup, round = 0; offset < warmup + batches; offset += perRound, round++) {
      const n = Math.min(perRound, warmup + batches - offset);
      const runNative = async () => {
        nativeSeconds += await runConcurrently(n, CLIENTS, (i) => sendNative(native[offset + i]));
      };
      const runOtlp = async () => {
        otlpSeconds += await runConcurrently(n, CLIENTS, (i) => sendOtlp(otlp[offset + i]));
      };
      if (round % 2 === 0) {
        await runNative();
        await runOtlp();
      } else {
        await runOtlp();
        await runNative();
      }
    }
    const spans = batches * BATCH;
    const otlpRate = spans / otlpSeconds;
    const nativeRate = spans / nativeSeconds;
    console.log(
      `otlp protobuf=${fmt(otlpRate)} spans/s native=${fmt(nativeRate)} spans/s (${spans} spans each, ${BATCH}/batch, ${CLIENTS} clients, ` +
        `${fmt(kb(otlp), 2)} KB/span protobuf, ${fmt(kb(native), 2)} KB/span JSON) ratio=${fmt(otlpRate / nativeRate, 2)}`,
    );
  } finally {
    await api.stop();
  }
}
