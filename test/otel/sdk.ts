/**
 * The OpenTelemetry SDKs as clients of our OTLP endpoint:
 * - `runNodeExporter` runs test/otel/node-exporter.mjs, an agent instrumented with the JS SDK and the official
 *   OTLP/HTTP exporters (protobuf or JSON), configured only by the standard OTEL_EXPORTER_OTLP_TRACES_* variables;
 * - `sdkPayload` encodes spans recorded with the JS SDK exactly as its exporters do (the SDK's own serializers),
 *   for tests that send a request by hand (bad credentials, wrong types, …).
 */
import { context, trace, Tracer } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { execFile } from 'node:child_process';
import path from 'node:path';

export type Protocol = 'http/protobuf' | 'http/json';

export interface ExporterRun {
  traceId: string;
  /** one entry per export request: code 0 = success, 1 = failed (with the exporter's error) */
  results: { code: number; error?: string; httpStatus?: number }[];
  /** span ids of the scenario (e.g. agent, chat, tool, retrieval, failing) */
  [name: string]: any;
}

export interface ExporterOptions {
  /** the full traces URL */
  endpoint: string;
  /** OTEL_EXPORTER_OTLP_TRACES_HEADERS, e.g. `x-api-key=ao_sk_…` */
  headers: string;
  protocol: Protocol;
  gzip?: boolean;
}

const SCRIPT = path.join(__dirname, 'node-exporter.mjs');

/** Runs the instrumented Node agent once (bounded: 60 s) and returns what it recorded and how its exports went. */
export function runNodeExporter(options: ExporterOptions, scenario: string, ...args: string[]): Promise<ExporterRun> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: options.endpoint,
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: options.headers,
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: options.protocol,
    ...(options.gzip ? { OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'gzip' } : {}),
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [SCRIPT, scenario, ...args], { env, timeout: 60_000, maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`node-exporter.mjs ${scenario} failed: ${err.message}\n${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as ExporterRun);
      } catch {
        reject(new Error(`node-exporter.mjs printed no result:\n${stdout}\n${stderr}`));
      }
    });
  });
}

export const succeeded = (run: ExporterRun) => run.results.length > 0 && run.results.every((r) => r.code === 0);

/** An export request body exactly as the SDK's exporters encode it. */
export function sdkPayload(protocol: Protocol, record: (tracer: Tracer) => void): Buffer {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'support-bot' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  record(provider.getTracer('agentobs-otel-e2e'));
  const spans = memory.getFinishedSpans();
  const bytes =
    protocol === 'http/protobuf' ? ProtobufTraceSerializer.serializeRequest(spans) : JsonTraceSerializer.serializeRequest(spans);
  if (!bytes) throw new Error('the SDK serializer returned nothing');
  return Buffer.from(bytes);
}

/** `count` spans in one new trace (a root and its children); returns the trace id. */
export function wideTrace(tracer: Tracer, count: number, startTime = Date.now() - 60_000): string {
  const root = tracer.startSpan('batch-root', { startTime, attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
  for (let i = 0; i < count - 1; i++) {
    tracer.startSpan(`step-${i}`, { startTime: startTime + i }, trace.setSpan(context.active(), root)).end(startTime + i + 1);
  }
  root.end(startTime + count + 1);
  return root.spanContext().traceId;
}
