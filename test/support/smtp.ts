import type { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** envelope recipients */
  to: string[];
  from: string;
  parsed: ParsedMail;
  text: string;
  html: string;
  receivedAt: number;
}

export interface SmtpSinkOptions {
  /** answer RCPT TO for these addresses with this SMTP error (e.g. 550 = permanent rejection) */
  reject?: (rcpt: string) => { code: number; message: string } | undefined;
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that parses every message it accepts (mailparser),
 * so tests read what the worker actually sent over the wire.
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  private server?: SMTPServer;
  port = 0;

  constructor(private readonly options: SmtpSinkOptions = {}) {}

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, cb) => {
        const refusal = this.options.reject?.(address.address.toLowerCase());
        if (!refusal) return cb();
        cb(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      },
      onData: (stream, session, cb) => {
        simpleParser(stream).then(
          (parsed) => {
            this.messages.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              parsed,
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              receivedAt: Date.now(),
            });
            cb();
          },
          (err: Error) => cb(err),
        );
      },
    });
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server as unknown as { server: { address(): AddressInfo } }).server.address().port;
    return this;
  }

  to(email: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(email.toLowerCase()));
  }

  /** Waits (bounded polling) until `count` messages to `email` have arrived; returns them. */
  async waitFor(email: string, count = 1, timeoutMs = 15_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const got = this.to(email);
      if (got.length >= count) return got;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`expected ${count} message(s) to ${email} within ${timeoutMs} ms, got ${this.to(email).length}`);
  }

  async close() {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The accept link on its own line of the plain-text part, and the token in it. */
export function acceptLinkOf(mail: ReceivedMail, appUrl: string): { url: string; token: string } {
  const escaped = appUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^(${escaped}/invitations/([A-Za-z0-9_-]+)/accept)$`, 'm').exec(mail.text.replace(/\r\n/g, '\n'));
  if (!m) throw new Error(`no accept link on a line of its own in:\n${mail.text}`);
  return { url: m[1], token: m[2] };
}

/** Bounded polling for a condition (no fixed sleeps). */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${(last as Error).message})` : ''}`);
}
