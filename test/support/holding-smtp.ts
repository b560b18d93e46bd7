import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** An SMTP server that holds messages to the addresses in `holding` (after reading them) until `release()`. */
export class HoldingSmtp {
  readonly accepted: { to: string[]; messageId: string }[] = [];
  readonly inProgress = new Map<string, number>();
  /** the client's TCP port of the latest session that sent to each address (to tell which process sent it) */
  readonly clientPort = new Map<string, number>();
  /** SMTP sessions that have ended (a killed client's included) */
  closed = 0;
  private readonly holding = new Set<string>();
  private waiters: (() => void)[] = [];
  private server?: SMTPServer;
  port = 0;

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }
  hold(email: string) {
    this.holding.add(email.toLowerCase());
  }
  release() {
    this.holding.clear();
    for (const w of this.waiters.splice(0)) w();
  }
  count(email: string) {
    return this.accepted.filter((m) => m.to.includes(email.toLowerCase())).length;
  }

  async start() {
    this.server = new SMTPServer({
      authOptional: true,
      // close() waits for open sessions at most this long (default 30 s): the tests are done by then
      closeTimeout: 1000,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, cb) => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        simpleParser(stream).then(
          async (parsed) => {
            const held = to.some((a) => this.holding.has(a));
            for (const a of to) this.inProgress.set(a, (this.inProgress.get(a) ?? 0) + 1);
            for (const a of to) this.clientPort.set(a, session.remotePort);
            if (held) await new Promise<void>((resolve) => this.waiters.push(resolve));
            if ((session as unknown as { closing?: boolean }).closing) return;
            this.accepted.push({ to, messageId: parsed.messageId ?? '' });
            cb();
          },
          (err: Error) => cb(err),
        );
      },
      onClose: (session) => {
        (session as unknown as { closing?: boolean }).closing = true;
        this.closed++;
      },
    });
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server as unknown as { server: { address(): { port: number } } }).server.address().port;
    return this;
  }

  async close() {
    this.release();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
