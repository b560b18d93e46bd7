import { randomBytes } from 'node:crypto';
import { createTestContext, TestContext } from './support/context';
import { expectProblem, signup } from './support/factories';
import { Receiver } from './support/integrations-receiver';

/*
 * Outbound requests refuse loopback, private, link-local and metadata addresses, judged on the
 * address actually connected to; only OUTBOUND_ALLOW_HOSTS is exempt. (Unit tests of the client
 * cover each range, DNS answers mixing public and private addresses, and timeouts.)
 */

const KEY = `k1:${randomBytes(32).toString('base64')}`;
const hex = (n: number) => randomBytes(n).toString('hex').slice(0, n);
const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);

let rx: Receiver;
beforeAll(async () => {
  rx = await Receiver.start();
});
afterAll(async () => {
  await rx?.stop();
});

describe('without an allow-list', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({
      env: { ENCRYPTION_KEYS: KEY, OUTBOUND_ALLOW_HOSTS: '', PAGERDUTY_EVENTS_URL: rx.url('/v2/enqueue'), DATADOG_API_URL: rx.url() },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses URLs that name loopback, private, link-local, CGNAT and metadata addresses (400 naming the field)', async () => {
    const owner = await signup(t);
    const literals = [
      `http://127.0.0.1:${rx.port}/hook`,
      'http://10.0.0.1/hook',
      'http://192.168.1.10/hook',
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${rx.port}/hook`,
      'http://[::ffff:127.0.0.1]/',
      'http://[fd00:ec2::254]/',
      `http://0.0.0.0:${rx.port}/`,
      'http://100.100.100.200/',
      `http://2130706433:${rx.port}/`,
    ];
    for (const url of literals) {
      for (const [type, body, field] of [
        ['webhook', { config: { url } }, 'config.url'],
        ['custom', { config: { url, method: 'POST' } }, 'config.url'],
      ] as const) {
        const res = await t.http.put(`/api/v1/integrations/${type}`, body, { token: owner.token });
        expectProblem(res, 400, 'validation_failed');
        expect({ url, errors: res.body.errors }).toEqual({
          url,
          errors: [{ field, message: expect.stringMatching(/non-public address/) }],
        });
      }
    }
    const dsn = await t.http.put(
      '/api/v1/integrations/sentry',
      { config: {}, credentials: { dsn: `http://${hex(32)}@169.254.169.254/1` } },
      { token: owner.token },
    );
    expectProblem(dsn, 400, 'validation_failed');
    expect(dsn.body.errors).toEqual([{ field: 'credentials.dsn', message: expect.stringMatching(/link-local/) }]);
    expect(rx.requests).toHaveLength(0);
  });

  it("enforces Slack's host rule when the host is not allow-listed", async () => {
    const owner = await signup(t);
    for (const webhookUrl of [
      rx.url('/services/T/B/X'),
      'http://hooks.slack.com/services/T/B/X',
      'https://hooks.slack.com.evil.example/services/T/B/X',
    ]) {
      const res = await t.http.put('/api/v1/integrations/slack', { config: {}, credentials: { webhookUrl } }, { token: owner.token });
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toEqual([{ field: 'credentials.webhookUrl', message: expect.stringMatching(/hooks\.slack\.com/) }]);
    }
    const ok = await t.http.put(
      '/api/v1/integrations/slack',
      { config: {}, credentials: { webhookUrl: 'https://hooks.slack.com/services/T0/B0/abcdefgh' } },
      { token: owner.token },
    );
    expect(ok.status).toBe(200);
  });

  it('refuses a hostname that resolves to loopback, at connect time (ok:false, nothing sent)', async () => {
    const owner = await signup(t);
    const put = await t.http.put(
      '/api/v1/integrations/webhook',
      { config: { url: `http://localhost:${rx.port}/hook` } },
      { token: owner.token },
    );
    expect(put.status).toBe(200);
    const res = await t.http.post('/api/v1/integrations/webhook/test', undefined, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: false,
      latencyMs: expect.any(Number),
      error: expect.stringMatching(/^refused: localhost resolves to loopback address (127\.0\.0\.1|::1)$/),
    });
    expect((await t.http.get('/api/v1/integrations/webhook', { token: owner.token })).body.health).toMatchObject({
      status: 'failing',
      consecutiveFailures: 1,
    });
    expect(rx.requests).toHaveLength(0);
  });

  it('PAGERDUTY_EVENTS_URL and DATADOG_API_URL on loopback are refused too unless allow-listed', async () => {
    const owner = await signup(t);
    await t.http.put(
      '/api/v1/integrations/pagerduty',
      { config: { region: 'us', severity: 'info' }, credentials: { routingKey: alnum(32) } },
      { token: owner.token },
    );
    await t.http.put(
      '/api/v1/integrations/datadog',
      { config: { site: 'datadoghq.com' }, credentials: { apiKey: hex(32) } },
      { token: owner.token },
    );
    for (const type of ['pagerduty', 'datadog']) {
      const res = await t.http.post(`/api/v1/integrations/${type}/test`, undefined, { token: owner.token });
      expect(res.body).toEqual({ ok: false, latencyMs: expect.any(Number), error: 'refused: loopback address 127.0.0.1' });
    }
    expect(rx.requests).toHaveLength(0);
  });
});

describe('with only a redirector allow-listed', () => {
  let t: TestContext;
  let redirector: Receiver;
  beforeAll(async () => {
    redirector = await Receiver.start((req) => {
      if (req.path === '/same') return { status: 307, headers: { location: '/final' } };
      if (req.path === '/final') return { status: 200, body: 'landed' };
      if (req.path === '/to-localhost') return { status: 302, headers: { location: `http://localhost:${redirector.port}/final` } };
      if (req.path === '/to-metadata') return { status: 301, headers: { location: 'http://169.254.169.254/latest/meta-data/' } };
      return { status: 302, headers: { location: rx.url('/hook') } };
    });
    t = await createTestContext({ env: { ENCRYPTION_KEYS: KEY, OUTBOUND_ALLOW_HOSTS: redirector.host } });
  });
  afterAll(async () => {
    await t?.close();
    await redirector?.stop();
  });

  it('a redirect to loopback (another port, localhost or a metadata address) is refused; same-origin redirects are followed', async () => {
    const owner = await signup(t);
    for (const path of ['/to-loopback', '/to-localhost', '/to-metadata']) {
      await t.http.put('/api/v1/integrations/webhook', { config: { url: redirector.url(path) } }, { token: owner.token });
      const res = await t.http.post('/api/v1/integrations/webhook/test', undefined, { token: owner.token });
      expect({ path, body: res.body }).toEqual({
        path,
        body: { ok: false, latencyMs: expect.any(Number), error: 'redirect to another host refused' },
      });
    }
    expect(rx.requests).toHaveLength(0);
    expect(redirector.on('/final')).toHaveLength(0);

    await t.http.put('/api/v1/integrations/webhook', { config: { url: redirector.url('/same') } }, { token: owner.token });
    const same = await t.http.post('/api/v1/integrations/webhook/test', undefined, { token: owner.token });
    expect(same.body).toEqual({ ok: true, statusCode: 200, latencyMs: expect.any(Number) });
    // a 307 keeps the method and the signed body
    expect(redirector.on('/final')).toEqual([
      expect.objectContaining({ method: 'POST', body: expect.stringContaining('"integration.test"') }),
    ]);
    expect(redirector.on('/final')[0].headers['webhook-signature']).toMatch(/^v1,/);
  });
});
