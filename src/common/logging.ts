import { Global, Inject, Injectable, LoggerService, Module } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import pino, { Logger as Pino } from 'pino';
import { APP_CONFIG, AppConfig } from '../config/config';

const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echoes a valid incoming X-Request-Id, else a new UUID (Fastify's `req.id`, logged with every request line). */
export function genReqId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Paths carry invitation tokens: never log them (nor query strings). */
export const redactUrl = (url: string | undefined) => url?.split('?')[0].replace(/(\/invitations\/)[^/]+/, '$1[redacted]');

/** Defence in depth: no log line built by our code carries these, and pino censors them if one ever does. */
export const REDACT = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.accessToken',
  '*.key',
  '*.token',
  '*.credentials',
  '*.secret',
];

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** Structured JSON logs on stdout (pino), secrets redacted; silent under test unless TEST_LOG_LEVEL is set. */
export function createRootLogger(config: Pick<AppConfig, 'env' | 'logLevel'>, destination?: pino.DestinationStream): Pino {
  const level = config.env === 'test' ? (process.env.TEST_LOG_LEVEL ?? 'silent') : config.logLevel;
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Nest's LoggerService on the root pino logger: `new Logger('Ctx').warn({ err }, 'message')` logs
 * `{"context":"Ctx","err":…,"msg":"message"}`. Nest appends the context as the last argument; its
 * exception handlers call `error(message, stack, context)`, which becomes an `err`.
 * No per-request async context (AsyncLocalStorage costs every promise of every request): request
 * lines carry the request id, and code that logs about a request passes `requestId` itself.
 */
@Injectable()
export class AppLogger implements LoggerService {
  constructor(@Inject(ROOT_LOGGER) private readonly root: Pino) {}

  verbose(message: unknown, ...params: unknown[]) {
    this.call('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.call('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]) {
    this.call('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.call('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.call('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.call('fatal', message, params);
  }

  private call(level: Level, message: unknown, params: unknown[]) {
    if (!this.root.isLevelEnabled(level)) return;
    const obj: Record<string, unknown> = {};
    let rest = params;
    if (params.length && (typeof params[params.length - 1] === 'string' || params[params.length - 1] === undefined)) {
      if (params[params.length - 1] !== undefined) obj.context = params[params.length - 1];
      rest = params.slice(0, -1);
    }
    if (message instanceof Error) {
      obj.err = message;
      this.root[level](obj, ...(rest as []));
    } else if (typeof message === 'object' && message !== null) {
      this.root[level](Object.assign(obj, message), ...(rest as []));
    } else if (level === 'error' && rest.length === 1 && typeof rest[0] === 'string' && /\n\s+at /.test(rest[0])) {
      const err = new Error(String(message));
      err.stack = rest[0];
      this.root.error({ ...obj, err });
    } else {
      this.root[level](obj, String(message), ...(rest as []));
    }
  }
}

/** Provides ROOT_LOGGER and AppLogger (the API and the worker both import it). */
@Global()
@Module({
  providers: [{ provide: ROOT_LOGGER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createRootLogger(config) }, AppLogger],
  exports: [ROOT_LOGGER, AppLogger],
})
export class LoggingModule {}

const QUIET = (url: string) => url.startsWith('/health') || url === '/metrics';

/** One line per finished request (not for health probes and metrics scrapes): id, method, path, status, duration. */
export function logRequests(fastify: FastifyInstance, logger: Pino) {
  // These lines hold only the fields below, built here (the path with tokens and query removed): pino's
  // wildcard redaction, a third of the cost of a line, has nothing to find in them.
  const lines = logger.child({}, { redact: { paths: [], censor: '' } });
  fastify.addHook('onResponse', (req, reply, done) => {
    if (!QUIET(req.url)) {
      const status = reply.statusCode;
      lines[status >= 500 ? 'error' : 'info'](
        {
          req: { id: req.id, method: req.method, url: redactUrl(req.url) },
          res: { statusCode: status },
          responseTime: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request completed',
      );
    }
    done();
  });
}
