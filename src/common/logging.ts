import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/config';

const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echoes a valid incoming X-Request-Id, else a new UUID; pino-http reads it back from `req.id`. */
export function genReqId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  (req as IncomingMessage & { id?: string }).id = id;
  return id;
}

/** Paths carry invitation tokens: never log them (nor query strings). */
export const redactUrl = (url: string | undefined) => url?.split('?')[0].replace(/(\/invitations\/)[^/]+/, '$1[redacted]');

export const REDACT = [
  'req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]', '*.password', '*.accessToken', '*.key', '*.token', '*.credentials', '*.secret',
];

/** Structured JSON logs (pino) with the request id; secrets redacted. */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACT, censor: '[redacted]' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'info'),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') || req.url === '/metrics' },
      ...(config.env === 'test' ? { level: process.env.TEST_LOG_LEVEL ?? 'silent' } : {}),
    },
  };
}
