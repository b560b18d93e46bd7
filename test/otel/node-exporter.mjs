#!/usr/bin/env node
// An agent instrumented with the OpenTelemetry JS SDK, exporting to us over OTLP/HTTP exactly as the README
// tells users to: the official exporter configured only by the standard environment variables
//   OTEL_EXPORTER_OTLP_TRACES_ENDPOINT   e.g. http://127.0.0.1:8000/v1/traces
//   OTEL_EXPORTER_OTLP_TRACES_HEADERS    e.g. x-api-key=ao_sk_…   or   authorization=Bearer%20ao_sk_…
//   OTEL_EXPORTER_OTLP_TRACES_PROTOCOL   http/protobuf (default) or http/json
//   OTEL_EXPORTER_OTLP_TRACES_COMPRESSION  gzip (optional)
// It runs as its own process (as a real agent would; the exporters load node:http lazily, which jest cannot).
//
//   node test/otel/node-exporter.mjs agent                  a GenAI agent trace (see below)
//   node test/otel/node-exporter.mjs wide <spans> [batch]   one trace of <spans> spans, <batch> spans per export request
//   node test/otel/node-exporter.mjs openinference          one OpenInference LLM span
//   node test/otel/node-exporter.mjs child <traceId> <spanId>  one span under a remote parent
//
// Prints one JSON line: the ids it recorded and `results`, the outcome of every export ({ code: 0 } = success;
// { code: 1, error, httpStatus } = failed).
import { context, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const [scenario = 'agent', ...args] = process.argv.slice(2);
const protocol = process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? 'http/protobuf';
const exporter = protocol === 'http/json' ? new JsonExporter() : new ProtoExporter();

/** Keeps the outcome of each export of the real exporter. */
const results = [];
const recording = {
  export(spans, done) {
    exporter.export(spans, (result) => {
      const error = result.error ? { error: String(result.error.message ?? result.error), httpStatus: result.error.code } : {};
      results.push({ code: result.code, ...error });
      done(result);
    });
  },
  shutdown: () => exporter.shutdown(),
  forceFlush: () => exporter.forceFlush(),
};

const batch = scenario === 'wide' && args[1] ? Number(args[1]) : 512;
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'support-bot', 'deployment.environment.name': 'test' }),
  spanProcessors: [
    new BatchSpanProcessor(recording, { maxExportBatchSize: batch, maxQueueSize: Math.max(2048, batch), scheduledDelayMillis: 60_000 }),
  ],
});
const tracer = provider.getTracer('agentobs-otel-e2e', '1.2.3');
const under = (parent) => trace.setSpan(context.active(), parent);

/**
 * invoke_agent support-agent ─┬─ chat gpt-4o-mini (model, usage, messages)
 *                             ├─ execute_tool search ── retrieve (OpenInference RETRIEVER)
 *                             └─ execute_tool send_email (error status + exception event)
 */
function agentTrace() {
  const t0 = Date.now() - 5_000;
  const agent = tracer.startSpan('invoke_agent support-agent', {
    kind: SpanKind.INTERNAL,
    startTime: t0,
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-agent', 'user.tier': 'pro' },
  });
  const chat = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      kind: SpanKind.CLIENT,
      startTime: t0 + 100,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.usage.input_tokens': 812,
        'gen_ai.usage.output_tokens': 95,
        'gen_ai.request.temperature': 0.2,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Where is my order?' }] }]),
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: 'It ships tomorrow.' }], finish_reason: 'stop' },
        ]),
      },
    },
    under(agent),
  );
  chat.end(t0 + 900);
  const tool = tracer.startSpan(
    'execute_tool search',
    {
      startTime: t0 + 1000,
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'search',
        'gen_ai.tool.call.arguments': '{"query":"order 42"}',
      },
    },
    under(agent),
  );
  const retrieval = tracer.startSpan(
    'retrieve',
    {
      startTime: t0 + 1100,
      attributes: { 'openinference.span.kind': 'RETRIEVER', 'input.value': 'order 42', 'retrieval.top_k': 5 },
    },
    under(tool),
  );
  retrieval.end(t0 + 1300);
  tool.setAttribute('gen_ai.tool.call.result', '{"status":"shipped"}');
  tool.end(t0 + 1400);
  const failing = tracer.startSpan(
    'execute_tool send_email',
    {
      startTime: t0 + 1500,
      attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'send_email' },
    },
    under(agent),
  );
  failing.recordException(Object.assign(new Error('mailbox unavailable'), { name: 'SmtpError' }), t0 + 1600);
  failing.setStatus({ code: SpanStatusCode.ERROR, message: 'SMTP 550: mailbox unavailable' });
  failing.end(t0 + 1700);
  agent.end(t0 + 2000);
  const id = (s) => s.spanContext().spanId;
  return {
    traceId: agent.spanContext().traceId,
    agent: id(agent),
    chat: id(chat),
    tool: id(tool),
    retrieval: id(retrieval),
    failing: id(failing),
  };
}

function wideTrace(count) {
  const start = Date.now() - 60_000;
  const root = tracer.startSpan('batch-root', { startTime: start, attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
  for (let i = 0; i < count - 1; i++) {
    tracer
      .startSpan(`step-${i}`, { startTime: start + i, attributes: { 'gen_ai.operation.name': 'execute_tool' } }, under(root))
      .end(start + i + 1);
  }
  root.end(start + count + 1);
  return { traceId: root.spanContext().traceId };
}

function openInference() {
  const span = tracer.startSpan('ChatOpenAI', {
    attributes: {
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4.1',
      'llm.token_count.prompt': 30,
      'llm.token_count.completion': 7,
      'llm.token_count.total': 37,
      'input.value': '{"messages":[{"role":"user","content":"hi"}]}',
      'input.mime_type': 'application/json',
      'output.value': 'hello! write to ada@example.com',
      'output.mime_type': 'text/plain',
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'hi',
    },
  });
  span.setStatus({ code: SpanStatusCode.OK });
  span.end();
  return { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
}

function child(traceId, spanId) {
  const parent = trace.setSpanContext(context.active(), { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
  const span = tracer.startSpan('counted', {}, parent);
  span.end();
  return { traceId, spanId: span.spanContext().spanId };
}

const scenarios = {
  agent: agentTrace,
  wide: () => wideTrace(Number(args[0] ?? 10)),
  openinference: openInference,
  child: () => child(args[0], args[1]),
};
if (!scenarios[scenario]) {
  console.error(`unknown scenario ${scenario}`);
  process.exit(2);
}
const recorded = scenarios[scenario]();
// a failed export rejects the flush; its outcome is in `results` either way
await provider.forceFlush().catch(() => undefined);
await provider.shutdown().catch(() => undefined);
process.stdout.write(`${JSON.stringify({ ...recorded, results })}\n`);
