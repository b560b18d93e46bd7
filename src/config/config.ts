import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === 'true' || value === '1'
      ? true
      : value === 'false' || value === '0'
        ? false
        : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every environment variable the service reads, with its default. Validated once at start:
 * a bad value stops the process with one line naming the variable (see `loadConfig`).
 */
export class EnvSchema {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 8000;

  @IsString()
  HOST = '127.0.0.1';

  /** API processes sharing PORT (node:cluster: a primary forks them and hands out connections); 1 runs no primary. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  API_PROCESSES = 1;

  /**
   * On SIGTERM an API process stops accepting connections and answers the requests still arriving on its open
   * connections with `Connection: close` for up to this long (so keep-alive clients move to the other processes
   * without a failed request), then closes the idle ones and finishes what is in flight.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(20_000)
  SHUTDOWN_DRAIN_MS = 1000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  APP_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  @Matches(/^[a-zA-Z0-9_-]{1,40}$/, { message: 'REDIS_PREFIX must be 1-40 letters, digits, _ or -' })
  REDIS_PREFIX = 'ao';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  ACCESS_TOKEN_TTL_SECONDS = 24 * 3600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 100;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  INGEST_RATE_LIMIT_PER_MINUTE = 1200;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_MINUTE = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  INVITATION_TTL_HOURS = 168;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'Agent Monitoring <no-reply@agentobs.local>';

  @IsString()
  MAIL_DIR = 'var/mail';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_SECRET_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_WEBHOOK_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  STRIPE_API_BASE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ENCRYPTION_KEYS?: string;

  @IsString()
  ENCRYPTION_KEY_FILE = 'var/encryption.key';

  @IsString()
  OUTBOUND_ALLOW_HOSTS = '';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PAGERDUTY_EVENTS_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  DATADOG_API_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  HEALTH_CHECK_INTERVAL_SECONDS = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  ALERT_EVALUATION_INTERVAL_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_080)
  ALERT_REMINDER_INTERVAL_MINUTES = 60;

  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  OUTBOX_POLL_INTERVAL_MS = 1000;

  /** A job's lock: a worker that dies mid-job (crash, SIGKILL) leaves it to be retried by another after about this long. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  JOB_LOCK_SECONDS = 30;

  /** An Idempotency-Key whose request died mid-flight (crash, SIGKILL, lost database) is free again after this long. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  IDEMPOTENCY_IN_FLIGHT_SECONDS = 120;

  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  @Transform(toBool)
  @IsBoolean()
  SERVE_WEB = true;

  /** Where traces are stored: Postgres (default) or ClickHouse (CLICKHOUSE_URL), README "Trace storage". */
  @IsIn(['postgres', 'clickhouse'], { message: 'TRACE_STORE must be postgres or clickhouse' })
  TRACE_STORE: 'postgres' | 'clickhouse' = 'postgres';

  /** ClickHouse's HTTP interface, e.g. http://user:password@clickhouse:8123/agentobs (the path names the database). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'CLICKHOUSE_URL must be an http:// or https:// URL' },
  )
  CLICKHOUSE_URL?: string;
}

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** API processes sharing `port` (src/main.ts) */
  apiProcesses: number;
  /** how long a stopping API process keeps answering on its open connections (with Connection: close) */
  shutdownDrainMs: number;
  appUrl: string;
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  redisPrefix: string;
  logLevel: string;
  accessTokenTtlSeconds: number;
  rateLimit: { perMinute: number; ingestPerMinute: number; authPerMinute: number };
  invitationTtlHours: number;
  mail: { smtpUrl?: string; from: string; dir: string };
  stripe: { secretKey?: string; webhookSecret?: string; apiBase?: string };
  encryption: { keys?: string; keyFile: string };
  outbound: { allowHosts: string[]; pagerdutyEventsUrl?: string; datadogApiUrl?: string };
  healthCheckIntervalSeconds: number;
  /** alert rules are evaluated once per this interval (ALERT_EVALUATION_INTERVAL_SECONDS) */
  alertEvaluationIntervalSeconds: number;
  /** an open (unacknowledged) incident re-sends alert.triggered this often (ALERT_REMINDER_INTERVAL_MINUTES) */
  alertReminderIntervalMinutes: number;
  outboxPollIntervalMs: number;
  jobLockSeconds: number;
  idempotencyInFlightSeconds: number;
  trustProxy: boolean;
  serveWeb: boolean;
  traceStore: { backend: 'postgres' | 'clickhouse'; clickhouseUrl?: string };
}

export class ConfigError extends Error {}

/** Parses and validates the environment. Throws ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new EnvSchema());
  const raw: Record<string, unknown> = {};
  for (const key of [
    ...known,
    'APP_URL',
    'DATABASE_URL',
    'REDIS_URL',
    'SMTP_URL',
    'STRIPE_SECRET_KEY',
    'STRIPE_WEBHOOK_SECRET',
    'STRIPE_API_BASE',
    'ENCRYPTION_KEYS',
    'PAGERDUTY_EVENTS_URL',
    'DATADOG_API_URL',
    'CLICKHOUSE_URL',
  ]) {
    if (env[key] !== undefined) raw[key] = env[key];
  }
  const parsed = plainToInstance(EnvSchema, raw, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: false });
  if (errors.length) {
    const lines = errors.map((e) => {
      const msg = Object.values(e.constraints ?? {})[0] ?? 'is invalid';
      return msg.startsWith(e.property) ? msg : `${e.property} ${msg}`;
    });
    throw new ConfigError(`Invalid environment: ${lines.join('; ')}`);
  }
  const e = parsed;
  const databaseUrl = e.DATABASE_URL;
  if (!databaseUrl) throw new ConfigError('Invalid environment: DATABASE_URL is required (make up sets it for you)');
  if (e.TRACE_STORE === 'clickhouse' && !e.CLICKHOUSE_URL) {
    throw new ConfigError('Invalid environment: CLICKHOUSE_URL is required when TRACE_STORE=clickhouse (make up starts a local one)');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    apiProcesses: e.API_PROCESSES,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    appUrl: (e.APP_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: e.REDIS_PREFIX,
    logLevel: e.LOG_LEVEL,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    rateLimit: {
      perMinute: e.RATE_LIMIT_PER_MINUTE,
      ingestPerMinute: e.INGEST_RATE_LIMIT_PER_MINUTE,
      authPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    },
    invitationTtlHours: e.INVITATION_TTL_HOURS,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, dir: e.MAIL_DIR },
    stripe: { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, apiBase: e.STRIPE_API_BASE },
    encryption: { keys: e.ENCRYPTION_KEYS, keyFile: e.ENCRYPTION_KEY_FILE },
    outbound: {
      allowHosts: e.OUTBOUND_ALLOW_HOSTS.split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
      pagerdutyEventsUrl: e.PAGERDUTY_EVENTS_URL,
      datadogApiUrl: e.DATADOG_API_URL,
    },
    healthCheckIntervalSeconds: e.HEALTH_CHECK_INTERVAL_SECONDS,
    alertEvaluationIntervalSeconds: e.ALERT_EVALUATION_INTERVAL_SECONDS,
    alertReminderIntervalMinutes: e.ALERT_REMINDER_INTERVAL_MINUTES,
    outboxPollIntervalMs: e.OUTBOX_POLL_INTERVAL_MS,
    jobLockSeconds: e.JOB_LOCK_SECONDS,
    idempotencyInFlightSeconds: e.IDEMPOTENCY_IN_FLIGHT_SECONDS,
    trustProxy: e.TRUST_PROXY,
    serveWeb: e.SERVE_WEB,
    traceStore: { backend: e.TRACE_STORE, clickhouseUrl: e.CLICKHOUSE_URL },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** For the entry points: a bad environment ends the process with its one-line message. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
