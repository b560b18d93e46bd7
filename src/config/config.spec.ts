import { loadConfig } from './config';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' };

describe('loadConfig', () => {
  it('applies defaults that work on a fresh machine', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      port: 8000,
      apiProcesses: 1,
      shutdownDrainMs: 1000,
      appUrl: 'http://127.0.0.1:8000',
      redisUrl: 'redis://127.0.0.1:6379',
      rateLimit: { perMinute: 100, ingestPerMinute: 1200, authPerMinute: 20 },
      invitationTtlHours: 168,
      healthCheckIntervalSeconds: 300,
      alertEvaluationIntervalSeconds: 60,
      alertReminderIntervalMinutes: 60,
    });
  });

  it('derives APP_URL from PORT and parses lists', () => {
    const c = loadConfig({ ...base, PORT: '9001', OUTBOUND_ALLOW_HOSTS: ' 127.0.0.1:8080 , Hooks.Example.com ' });
    expect(c.appUrl).toBe('http://127.0.0.1:9001');
    expect(c.outbound.allowHosts).toEqual(['127.0.0.1:8080', 'hooks.example.com']);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ API_PROCESSES: '0' }, /API_PROCESSES/],
    [{ API_PROCESSES: 'two' }, /API_PROCESSES/],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, /RATE_LIMIT_PER_MINUTE/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL/],
    [{ SMTP_URL: 'mail.example.com' }, /SMTP_URL/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ APP_URL: 'not a url' }, /APP_URL/],
    [{ TRACE_STORE: 'mongodb' }, /TRACE_STORE must be postgres or clickhouse/],
    [{ TRACE_STORE: 'clickhouse' }, /CLICKHOUSE_URL is required when TRACE_STORE=clickhouse/],
    [{ TRACE_STORE: 'clickhouse', CLICKHOUSE_URL: 'clickhouse:8123' }, /CLICKHOUSE_URL must be an http/],
  ])('refuses %j with one line naming the variable', (env, pattern) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(pattern);
    try {
      loadConfig({ ...base, ...env });
    } catch (e) {
      expect((e as Error).message.split('\n')).toHaveLength(1);
    }
  });

  it('stores traces in Postgres unless TRACE_STORE=clickhouse with a CLICKHOUSE_URL', () => {
    expect(loadConfig(base).traceStore).toEqual({ backend: 'postgres', clickhouseUrl: undefined });
    expect(loadConfig({ ...base, TRACE_STORE: 'clickhouse', CLICKHOUSE_URL: 'http://u:p@127.0.0.1:8123/agentobs' }).traceStore).toEqual({
      backend: 'clickhouse',
      clickhouseUrl: 'http://u:p@127.0.0.1:8123/agentobs',
    });
  });

  it('requires DATABASE_URL', () => {
    expect(() => loadConfig({})).toThrow(/DATABASE_URL/);
  });
});
