import { JsonBytes, JsonText } from './span-model';
/**
 * PII masking of span input/output (workspace setting `piiMasking`): e-mail addresses, phone numbers,
 * payment card numbers (Luhn-checked) and API-key-like secrets inside any string become `[redacted]`,
 * and so does every value under a key that names a secret (password, token, apiKey, …).
 */
export const REDACTED = '[redacted]';

const SECRET_KEY =
  /^(?:pass(?:word|wd|phrase)?|secret|client[_-]?secret|token|access[_-]?token|refresh[_-]?token|id[_-]?token|api[_-]?key|apikey|private[_-]?key|authorization|auth|cookie|set-cookie|session[_-]?id|credentials?)$/i;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Well-known secret shapes, plus `Bearer <token>` and JWTs. */
const SECRETS = [
  /\b(?:sk|pk|rk)[-_](?:live|test|proj|ant)?[-_]?[A-Za-z0-9_-]{16,}/g, // OpenAI, Anthropic, Stripe
  /\bao_(?:sk|at)_[A-Za-z0-9_-]{20,}/g, // ours
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, // GitHub
  /\bgithub_pat_[A-Za-z0-9_]{30,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API key
  /\bwhsec_[A-Za-z0-9+/=_-]{16,}/g, // webhook secrets
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWT
  /\b[Bb]earer\s+[A-Za-z0-9._~+/=-]{16,}/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

/** 13–19 digits, optionally grouped by single spaces or dashes. */
const CARD = /(?<![\d.])\d(?:[ -]?\d){12,18}(?![\d.])/g;

/**
 * Phone numbers: an optional +country code and 7–15 digits in groups separated by spaces, dots,
 * dashes or parentheses. A bare run of digits only counts with a leading "+" (ids stay readable).
 */
const PHONE = /(?<![\w.+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}(?![\w])|(?<![\w+])\+\d{7,15}(?!\w)/g;

/** Dates look like grouped digits too; they are not phone numbers. */
const DATE = /^(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})$/;

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) n++;
  return n;
}

/** Masks PII inside one string. */
export function maskString(input: string): string {
  let s = input;
  if (s.includes('@')) s = s.replace(EMAIL, REDACTED);
  for (const re of SECRETS) s = s.replace(re, REDACTED);
  if (/\d{2}/.test(s)) {
    s = s.replace(CARD, (m) => {
      const digits = m.replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhn(digits) ? REDACTED : m;
    });
    s = s.replace(PHONE, (m) => {
      const n = digitCount(m);
      return n >= 7 && n <= 15 && !DATE.test(m) ? REDACTED : m;
    });
  }
  return s;
}

/** Returns a masked copy of a JSON value (input or output of a span). */
export function maskPii(value: unknown): unknown {
  if (typeof value === 'string') return maskString(value);
  if (value instanceof JsonText || value instanceof JsonBytes) return maskPii(value.value);
  if (Array.isArray(value)) return value.map(maskPii);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) && v !== null && (typeof v !== 'object' || Array.isArray(v)) ? REDACTED : maskPii(v);
    }
    return out;
  }
  return value;
}
