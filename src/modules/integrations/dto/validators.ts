import { registerDecorator, ValidationOptions } from 'class-validator';

const define =
  (name: string, message: string, validate: (value: unknown) => boolean) =>
  (options?: ValidationOptions) =>
  (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} ${message}`, ...options },
      validator: { validate },
    });

export function parseHttpUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname ? u : null;
  } catch {
    return null;
  }
}

/** An absolute http(s) URL without user info. */
export const IsHttpUrl = define('isHttpUrl', 'must be an absolute http(s) URL without credentials', (v) => {
  const u = parseHttpUrl(v);
  return !!u && !u.username && !u.password;
});

// RFC 9110 token characters for header names; values: visible ASCII and spaces/tabs (no CR/LF).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]{0,2000}$/;
export const FORBIDDEN_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'content-type',
  'content-encoding',
  'accept-encoding',
  'proxy-authorization',
  'proxy-connection',
]);
export const MAX_HEADERS = 20;

export function headerMapProblem(value: unknown): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'must be an object of header names to string values';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_HEADERS) return `may hold at most ${MAX_HEADERS} headers`;
  for (const [name, v] of entries) {
    if (!HEADER_NAME.test(name)) return `has an invalid header name "${name.slice(0, 100)}"`;
    if (FORBIDDEN_HEADERS.has(name.toLowerCase())) return `may not set the ${name.toLowerCase()} header`;
    if (typeof v !== 'string' || !HEADER_VALUE.test(v))
      return `has an invalid value for header "${name}" (a string of at most 2000 characters without line breaks)`;
  }
  return null;
}

/** `{ "Header-Name": "value" }`, at most 20, no hop-by-hop or body-framing headers. */
export function IsHeaderMap(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isHeaderMap',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (v: unknown) => headerMapProblem(v) === null,
        defaultMessage: (args) => `${propertyName} ${headerMapProblem(args?.value) ?? 'is invalid'}`,
      },
    });
}

/** Standard Webhooks secret: `whsec_` + base64 of 24..64 random bytes. */
export function isSigningSecret(v: unknown): boolean {
  if (typeof v !== 'string' || !/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(v) || v.length > 120) return false;
  const bytes = Buffer.from(v.slice(6), 'base64').length;
  return bytes >= 24 && bytes <= 64;
}
export const IsSigningSecret = define('isSigningSecret', 'must be whsec_ followed by 24-64 base64-encoded bytes', isSigningSecret);

export interface SentryDsn {
  protocol: 'http:' | 'https:';
  host: string;
  pathPrefix: string;
  publicKey: string;
  secretKey: string | null;
  projectId: string;
}

/** `https://<publicKey>[:<secret>]@<host>[/<path>]/<projectId>` */
export function parseSentryDsn(v: unknown): SentryDsn | null {
  const u = parseHttpUrl(v);
  if (!u || !/^[0-9a-fA-F]{16,64}$/.test(u.username) || (u.password && !/^[0-9a-fA-F]{16,64}$/.test(u.password))) return null;
  const m = /^(.*)\/(\d{1,20})\/?$/.exec(u.pathname);
  if (!m || u.search || u.hash) return null;
  return {
    protocol: u.protocol as 'http:' | 'https:',
    host: u.host,
    pathPrefix: m[1],
    publicKey: u.username,
    secretKey: u.password || null,
    projectId: m[2],
  };
}
export const IsSentryDsn = define(
  'isSentryDsn',
  'must be a Sentry DSN such as https://<publicKey>@o123.ingest.sentry.io/456',
  (v) => parseSentryDsn(v) !== null,
);
