import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as dns from 'node:dns';
import { addressRefusal, parseAllowHosts } from './address-policy';
import { OutboundError, OutboundHttp } from './outbound-http';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function serve(handler: Handler): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, hits: () => hits };
}

const close = (s: Server) =>
  new Promise<void>((r) => {
    s.closeAllConnections();
    s.close(() => r());
  });

async function failure(p: Promise<unknown>): Promise<OutboundError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof OutboundError) return err;
    throw err;
  }
  throw new Error('expected the request to fail');
}

/** A resolver answering from a fixed table (what a hostile DNS server would answer). */
const fakeDns = (table: Record<string, string[]>) =>
  ((host: string, options: dns.LookupOptions, cb: (...a: unknown[]) => void) => {
    const list = (table[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (!list.length) return cb(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));
    return options.all ? cb(null, list) : cb(null, list[0].address, list[0].family);
  }) as unknown as typeof dns.lookup;

describe('address policy', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '169.254.170.2',
    '100.64.0.1',
    '100.100.100.200',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '192.0.0.192',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::7f00:1',
    '2002:7f00:1::1',
    '[::1]',
  ])('refuses %s', (address) => {
    expect(addressRefusal(address)).not.toBeNull();
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '2001:4860:4860::8888', '::ffff:8.8.8.8'])('allows public %s', (address) => {
    expect(addressRefusal(address)).toBeNull();
  });

  it('parses allow-list entries with and without ports, IPv6 in brackets', () => {
    expect(parseAllowHosts(['127.0.0.1:8080', 'Example.com', '[::1]:9000', '[::1]', '::1'])).toEqual([
      { host: '127.0.0.1', port: 8080 },
      { host: 'example.com', port: null },
      { host: '::1', port: 9000 },
      { host: '::1', port: null },
      { host: '::1', port: null },
    ]);
  });
});

describe('OutboundHttp', () => {
  let target: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    target = await serve((_req, res) => res.end('hello'));
  });
  afterAll(async () => close(target.server));

  it('refuses loopback, private, link-local, metadata and IPv6 loopback literals without connecting', async () => {
    const client = new OutboundHttp();
    const before = target.hits();
    for (const url of [
      `http://127.0.0.1:${target.port}/`,
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${target.port}/`,
      `http://[::ffff:127.0.0.1]:${target.port}/`,
      'http://0.0.0.0/',
      'http://100.100.100.200/',
      `http://2130706433:${target.port}/`,
      `http://0x7f.1:${target.port}/`,
      'https://192.168.0.1/',
    ]) {
      const err = await failure(client.request({ url }));
      expect({ url, reason: err.reason }).toEqual({ url, reason: 'refused_address' });
    }
    expect(target.hits()).toBe(before);
  });

  it('refuses a hostname that resolves to loopback (checked on the resolved address)', async () => {
    const err = await failure(new OutboundHttp().request({ url: `http://localhost:${target.port}/` }));
    expect(err.reason).toBe('refused_address');
    expect(err.message).toMatch(/localhost resolves to loopback address/);
    // TLS connections go through the same guarded lookup
    expect((await failure(new OutboundHttp().request({ url: `https://localhost:${target.port}/` }))).reason).toBe('refused_address');
  });

  it('refuses DNS answers that mix public and private addresses (rebinding)', async () => {
    const client = new OutboundHttp({
      lookup: fakeDns({ 'rebind.test': ['93.184.216.34', '127.0.0.1'], 'meta.test': ['169.254.169.254'] }),
    });
    expect((await failure(client.request({ url: `http://rebind.test:${target.port}/` }))).reason).toBe('refused_address');
    expect((await failure(client.request({ url: 'http://meta.test/' }))).reason).toBe('refused_address');
  });

  it('connects to allow-listed host:port only, and a bare host allows every port', async () => {
    const exact = new OutboundHttp({ allowHosts: [`127.0.0.1:${target.port}`] });
    const res = await exact.request({ url: `http://127.0.0.1:${target.port}/x` });
    expect(res).toMatchObject({ status: 200, body: 'hello', truncated: false });
    expect(res.latencyMs).toBeGreaterThanOrEqual(0);
    expect((await failure(exact.request({ url: `http://127.0.0.1:${target.port + 1}/` }))).reason).toBe('refused_address');
    const bare = new OutboundHttp({ allowHosts: ['127.0.0.1'] });
    expect((await bare.request({ url: `http://127.0.0.1:${target.port}/` })).status).toBe(200);
    expect(bare.isAllowListed(`http://127.0.0.1:1/`)).toBe(true);
    expect(exact.isAllowListed(`http://localhost:${target.port}/`)).toBe(false);
  });

  it('follows same-origin redirects but refuses redirects to another host', async () => {
    const redirector = await serve((req, res) => {
      if (req.url === '/same') {
        res.writeHead(307, { location: '/final' }).end();
        return;
      }
      if (req.url === '/final') {
        res.end('landed');
        return;
      }
      if (req.url === '/loop') {
        res.writeHead(302, { location: '/loop' }).end();
        return;
      }
      res.writeHead(302, { location: `http://localhost:${target.port}/` }).end();
    });
    try {
      const client = new OutboundHttp({ allowHosts: [`127.0.0.1:${redirector.port}`] });
      const before = target.hits();
      expect((await client.request({ url: `http://127.0.0.1:${redirector.port}/same`, method: 'POST', body: '{}' })).body).toBe('landed');
      const err = await failure(client.request({ url: `http://127.0.0.1:${redirector.port}/elsewhere` }));
      expect(err.reason).toBe('refused_redirect');
      expect((await failure(client.request({ url: `http://127.0.0.1:${redirector.port}/loop` }))).reason).toBe('too_many_redirects');
      expect(target.hits()).toBe(before);
    } finally {
      await close(redirector.server);
    }
  });

  it('caps the response size and times out slow answers', async () => {
    const big = await serve((req, res) => {
      if (req.url === '/slow') return; // never answers
      res.end('x'.repeat(200_000));
    });
    try {
      const client = new OutboundHttp({ allowHosts: [`127.0.0.1:${big.port}`], maxResponseBytes: 1000, timeoutMs: 300 });
      const res = await client.request({ url: `http://127.0.0.1:${big.port}/` });
      expect(res).toMatchObject({ status: 200, truncated: true });
      expect(res.body).toHaveLength(1000);
      const started = Date.now();
      expect((await failure(client.request({ url: `http://127.0.0.1:${big.port}/slow` }))).reason).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await close(big.server);
    }
  });

  it('gives up connecting after the connect timeout (a DNS server that never answers)', async () => {
    const client = new OutboundHttp({ connectTimeoutMs: 200, lookup: (() => undefined) as unknown as typeof dns.lookup });
    const started = Date.now();
    expect((await failure(client.request({ url: 'http://hangs.test/' }))).reason).toBe('connect_timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports refused connections as network errors without the URL', async () => {
    const gone = await serve((_q, res) => res.end());
    const port = gone.port;
    await close(gone.server);
    const client = new OutboundHttp({ allowHosts: [`127.0.0.1:${port}`] });
    const err = await failure(client.request({ url: `http://127.0.0.1:${port}/secret-path-T0KEN` }));
    expect(err).toMatchObject({ reason: 'network', message: 'connection refused' });
    expect(err.message).not.toContain('T0KEN');
  });

  it('judges URLs statically for configuration checks', () => {
    const client = new OutboundHttp({ allowHosts: ['127.0.0.1:9'] });
    expect(client.staticRefusal('https://example.com/hook')).toBeNull();
    expect(client.staticRefusal('http://127.0.0.1:9/')).toBeNull();
    expect(client.staticRefusal('http://127.0.0.1:10/')).toMatch(/non-public/);
    expect(client.staticRefusal('http://[fd00:ec2::254]/')).toMatch(/non-public/);
    expect(client.staticRefusal('http://localhost/')).toBeNull(); // names are judged on the resolved address, at connect time
    expect(client.staticRefusal('ftp://example.com/')).toMatch(/http/);
    expect(client.staticRefusal('not a url')).toMatch(/absolute/);
  });
});
