/**
 * OTLP/HTTP with the OpenTelemetry Python SDK as the client: test/otel/python_exporter.py, an agent instrumented
 * with opentelemetry-sdk and the official opentelemetry-exporter-otlp-proto-http, configured only by the
 * standard environment variables, in a venv that test/otel/setup-venv.sh creates from test/otel/requirements.txt.
 */
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { countRows } from './ingestion.helpers';
import { traceErrorEvents } from './otel/helpers';
import { createTestContext, TestContext } from './support/context';
import { createApiKey, signup } from './support/factories';

const DIR = path.join(__dirname, 'otel');
const PYTHON = path.join(DIR, '.venv/bin/python');

let t: TestContext;
beforeAll(async () => {
  // creates the venv on a clean machine (PyPI), a no-op when it is up to date; bounded
  execFileSync('bash', [path.join(DIR, 'setup-venv.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
  t = await createTestContext();
}, 330_000);
afterAll(async () => {
  await t?.close();
});

interface PythonRun {
  traceId: string;
  agent: string;
  chat: string;
  tool: string;
  retrieval: string;
  failing: string;
  /** SpanExportResult names, one per export */
  results: string[];
}

function runPythonExporter(env: Record<string, string>): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      [path.join(DIR, 'python_exporter.py')],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`python_exporter.py failed: ${err.message}\n${stderr}`));
        try {
          resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as PythonRun);
        } catch {
          reject(new Error(`python_exporter.py printed no result:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

describe('OTLP/HTTP with the OpenTelemetry Python SDK', () => {
  it('exports a GenAI agent trace (protobuf, gzip, bearer key) that reads back as the span model and raises trace.error', async () => {
    const o = await signup(t);
    const { key } = await createApiKey(t, o.token, 'member');
    const run = await runPythonExporter({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${t.baseUrl}/v1/traces`,
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: `authorization=Bearer%20${key}`,
      OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'gzip',
    });
    expect(run.results).toEqual(['SUCCESS']);

    const res = await t.http.get(`/api/v1/traces/${run.traceId}`, { token: o.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      traceId: run.traceId,
      name: 'invoke_agent support-agent',
      status: 'error',
      spanCount: 5,
      totalTokens: 150,
    });
    // the tree and the kinds (these spans start within the same milliseconds: compared as a set; the root first)
    expect(res.body.spans[0].spanId).toBe(run.agent);
    expect(Object.fromEntries(res.body.spans.map((s: any) => [s.spanId, [s.parentSpanId, s.kind]]))).toEqual({
      [run.agent]: [null, 'agent'],
      [run.chat]: [run.agent, 'llm'],
      [run.tool]: [run.agent, 'tool'],
      [run.retrieval]: [run.tool, 'retrieval'],
      [run.failing]: [run.agent, 'tool'],
    });
    const byId = new Map<string, any>(res.body.spans.map((s: any) => [s.spanId, s]));
    const chat = byId.get(run.chat);
    expect(chat).toMatchObject({
      model: 'claude-sonnet-4',
      usage: { inputTokens: 120, outputTokens: 30, totalTokens: 150 },
      status: 'unset',
      // messages recorded as span events (the GenAI conventions' event form)
      input: [
        { role: 'system', content: 'You are a support agent.' },
        { role: 'user', content: 'Where is my order?' },
      ],
      output: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'It ships tomorrow.' } }],
    });
    expect(chat.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'span.kind': 'client',
      'otel.scope.name': 'agentobs-otel-e2e-py',
      'otel.scope.version': '4.5.6',
      'resource.service.name': 'support-bot-py',
      'resource.telemetry.sdk.language': 'python',
    });
    expect(chat.attributes).not.toHaveProperty(['otel.events']);
    expect(byId.get(run.tool)).toMatchObject({ input: { query: 'order 42' }, output: null });
    expect(byId.get(run.retrieval)).toMatchObject({ input: 'order 42' });
    const failing = byId.get(run.failing);
    expect(failing).toMatchObject({ status: 'error', statusMessage: 'SMTP 550: mailbox unavailable' });
    expect(failing.attributes['otel.events']).toEqual([
      expect.objectContaining({
        name: 'exception',
        attributes: expect.objectContaining({ 'exception.type': 'ConnectionError', 'exception.message': 'mailbox unavailable' }),
      }),
    ]);

    const events = await traceErrorEvents(t, o.workspaceId);
    expect(events.map((e) => e.payload.event.data)).toEqual([
      expect.objectContaining({
        traceId: run.traceId,
        spanId: run.failing,
        name: 'execute_tool send_email',
        statusMessage: 'SMTP 550: mailbox unavailable',
      }),
    ]);
  });

  it('with an invalid key (x-api-key) the export fails and nothing is stored', async () => {
    const o = await signup(t);
    const run = await runPythonExporter({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${t.baseUrl}/api/v1/otel/v1/traces`,
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-api-key=ao_sk_invalid',
    });
    expect(run.results).toEqual(['FAILURE']);
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 0, spans: 0 });
    expect((await t.http.get(`/api/v1/traces/${run.traceId}`, { token: o.token })).status).toBe(404);
  });
});
