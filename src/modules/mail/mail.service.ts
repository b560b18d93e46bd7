import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../../config/config';

export interface OutgoingMail {
  /** unique per message (the outbox id): Message-ID and, in file mode, the file name */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** extra fields logged in file mode only (e.g. the accept link a developer needs without SMTP) */
  localLog?: Record<string, string>;
}

export interface SentMail {
  transport: 'smtp' | 'file';
  messageId: string;
  /** file mode: where the .eml was written */
  file?: string;
}

/** True when retrying cannot help: the SMTP server answered with a permanent (5yz) rejection. */
export function isPermanentMailError(err: unknown): boolean {
  const e = err as { permanent?: boolean; responseCode?: number };
  return e?.permanent === true || (typeof e?.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600);
}

type Transporter = ReturnType<typeof nodemailer.createTransport>;

/**
 * Sends email over SMTP (`SMTP_URL`, pooled connections) or, without it, writes each message as
 * `${MAIL_DIR}/<id>.eml` and logs it. Both build the same MIME message (plain text + HTML).
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private smtp?: Transporter;
  private file?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get transport(): 'smtp' | 'file' {
    return this.config.mail.smtpUrl ? 'smtp' : 'file';
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const messageId = `<${mail.id}@agentobs.mail>`;
    const message = { from: this.config.mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId };
    if (this.config.mail.smtpUrl) {
      this.smtp ??= nodemailer.createTransport({
        url: this.config.mail.smtpUrl,
        pool: true,
        maxConnections: 5,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      } as never);
      await this.smtp.sendMail(message);
      return { transport: 'smtp', messageId };
    }
    this.file ??= nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const info = (await this.file.sendMail(message)) as { message: Buffer };
    const dir = resolve(this.config.mail.dir);
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${mail.id}.eml`);
    await writeFile(file, info.message);
    this.logger.log({ to: mail.to, subject: mail.subject, file, ...mail.localLog }, 'email written to a file (SMTP_URL is not set)');
    return { transport: 'file', messageId, file };
  }

  onApplicationShutdown() {
    this.smtp?.close();
  }
}
