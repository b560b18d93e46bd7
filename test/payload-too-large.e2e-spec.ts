/**
 * A 413 the client can read (issue 17 item 3). A client that writes its whole body before it reads the answer —
 * Python's urllib and requests, many others — used to get a broken pipe for a body over the limit, not the 413: it
 * could not tell "too large" from "network down", retried forever, and the SDKs' split-on-413 never ran. The server
 * now reads and drops the rest of the body (up to 64 MB) before it answers, then closes the connection.
 *
 * Clients: Python's urllib, Node's fetch, the TypeScript SDK (its sources, in a child process: test/clients/) and the
 * Python SDK (from clients/python, in the venv of test/otel/setup-venv.sh), each with a ~6 MB batch, plain and gzip. The SDKs are used
 * as they are, with their byte limit per request raised above the server's (a test-only setting) so that a batch the
 * server refuses is actually sent: each splits it on the 413 and every span is stored.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { countRows, span } from './ingestion.helpers';
import { createTestContext, TestContext } from './support/context';
import { createApiKey, signup } from './support/factories';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const VENV_PYTHON = path.join(__dirname, 'otel/.venv/bin/python');
const TS_SDK = path.join(ROOT, 'clients/typescript');
const SPANS = 600;
// 600 spans × 10 KB ≈ 6 MB of JSON, over the 5 MB limit. Random text, so that gzip keeps it large (~4.5 MB on the
// wire): a small compressed body would fit in the socket's buffers and reach the server whole even without the fix.
const INPUT = 10_000;
const input = () => randomBytes((INPUT * 3) / 4).toString('base64');

let t: TestContext;
beforeAll(async () => {
  // the venv has the Python SDK's dependencies (httpx, attrs, dateutil); a no-op when it is up to date
  execFileSync('bash', [path.join(__dirname, 'otel/setup-venv.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
  // the TypeScript SDK runs from its sources with its own tsx (test/clients/ts-sdk-batch.mjs); installed as scripts/test-sdks.sh does
  if (!fs.existsSync(path.join(TS_SDK, 'node_modules/.bin/tsx'))) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: TS_SDK, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
  }
  t = await createTestContext();
}, 330_000);
afterAll(async () => {
  await t?.close();
});

async function workspace() {
  const o = await signup(t);
  return { ...o, key: (await createApiKey(t, o.token, 'member')).key };
}

/** A ~6 MB ingest body: 600 spans of 10 KB input each (or `count` spans). */
function bigBody(count = SPANS): Buffer {
  const spans = Array.from({ length: count }, () => span({ input: input() }));
  const body = Buffer.from(JSON.stringify({ spans }));
  expect(body.length).toBeGreaterThan(5 * 1024 * 1024);
  return body;
}

const URLLIB = `
import json, sys, urllib.request, urllib.error
url, key, file, encoding = sys.argv[1:5]
data = open(file, 'rb').read()
headers = {'content-type': 'application/json', 'authorization': 'Bearer ' + key}
if encoding == 'gzip':
    headers['content-encoding'] = 'gzip'
try:
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers, method='POST'), timeout=60) as r:
        print(json.dumps({'status': r.status}))
except urllib.error.HTTPError as e:
    print(json.dumps({'status': e.code, 'type': e.headers.get('content-type'), 'body': json.loads(e.read())}))
except Exception as e:
    print(json.dumps({'error': repr(e)}))
`;

describe('a body over the limit is answered 413 problem+json that the client reads', () => {
  it.each(['plain', 'gzip'])("Python's urllib (writes the whole body, then reads), %s", async (encoding) => {
    const ws = await workspace();
    // gzip: 900 spans, ~6.8 MB on the wire — over the limit before it is even decompressed (refused on Content-Length)
    const body = bigBody(encoding === 'gzip' ? 900 : SPANS);
    const file = path.join(ROOT, `var/test-413-${process.pid}-${encoding}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, encoding === 'gzip' ? gzipSync(body) : body);
    try {
      const { stdout } = await run('python3', ['-c', URLLIB, `${t.baseUrl}/api/v1/ingest`, ws.key, file, encoding], { timeout: 60_000 });
      const out = JSON.parse(stdout.trim());
      expect(out).toEqual({
        status: 413,
        type: 'application/problem+json; charset=utf-8',
        body: expect.objectContaining({ status: 413, code: 'payload_too_large' }),
      });
    } finally {
      fs.rmSync(file, { force: true });
    }
    expect(await countRows(t, ws.workspaceId)).toEqual({ traces: 0, spans: 0 });
  });

  it.each(['plain', 'gzip'])("Node's fetch, %s; the connection is closed after", async (encoding) => {
    const ws = await workspace();
    const body = bigBody();
    const res = await fetch(`${t.baseUrl}/api/v1/ingest`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${ws.key}`,
        ...(encoding === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
      },
      body: encoding === 'gzip' ? gzipSync(body) : body,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toMatchObject({ code: 'payload_too_large', requestId: res.headers.get('x-request-id') });
  });

  it('OTLP answers the same way, as google.rpc.Status', async () => {
    const ws = await workspace();
    const res = await fetch(`${t.baseUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': ws.key },
      body: JSON.stringify({ resourceSpans: [], padding: 'x'.repeat(6 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ code: 8, message: expect.any(String) });
  });
});

describe('the SDKs split a batch the server refuses with 413, and every span is stored', () => {
  it.each(['gzip', 'none'])(
    'TypeScript SDK, compression %s',
    async (compression) => {
      const ws = await workspace();
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', path.join(__dirname, 'clients/ts-sdk-batch.mjs'), t.baseUrl, ws.key, String(SPANS), compression],
        {
          cwd: TS_SDK,
          env: { PATH: process.env.PATH, HOME: process.env.HOME },
          timeout: 120_000,
        },
      );
      const { result, stats } = JSON.parse(stdout.trim().split('\n').pop() as string);
      expect(result).toMatchObject({ sent: SPANS, dropped: 0, pending: 0 });
      expect(stats.requests).toBeGreaterThanOrEqual(3); // the whole batch (413), then its halves
      expect(stats.droppedByReason.tooLarge).toBe(0);
      expect(await countRows(t, ws.workspaceId)).toEqual({ traces: SPANS, spans: SPANS });
    },
    150_000,
  );

  it('Python SDK (it always gzips): a 9 MB batch, ~6.8 MB on the wire', async () => {
    const ws = await workspace();
    const n = 900;
    const script = `
import base64, json, os, agentobs
obs = agentobs.AgentObs(api_key=${JSON.stringify(ws.key)}, base_url=${JSON.stringify(t.baseUrl)}, flush_at=1000, flush_interval=600, spool_dir=None)
obs._transport.max_batch_bytes = 10_000_000  # an internal, above the server's 5 MB: the batch goes out whole
for i in range(${n}):
    with obs.span("step-%d" % i, kind="tool", input=base64.b64encode(os.urandom(${(INPUT * 3) / 4})).decode()):
        pass
result = obs.flush(timeout=90)
stats = obs.stats()
obs.shutdown(timeout=1)
print(json.dumps({"sent": result.sent, "dropped": result.dropped, "pending": result.pending, "requests": stats.requests}))
`;
    const { stdout } = await run(VENV_PYTHON, ['-c', script], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PYTHONPATH: path.join(ROOT, 'clients/python') },
      timeout: 150_000,
    });
    const out = JSON.parse(stdout.trim().split('\n').pop() as string);
    expect(out).toMatchObject({ sent: n, dropped: 0, pending: 0 });
    expect(out.requests).toBeGreaterThanOrEqual(3);
    expect(await countRows(t, ws.workspaceId)).toEqual({ traces: n, spans: n });
  }, 180_000);
});
