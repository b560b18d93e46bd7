import { Logger, LoggerService } from '@nestjs/common';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../../config/config';
import { isPermanentMailError, MailService } from './mail.service';
import { renderInvitationEmail } from './templates/invitation';

const ACCEPT = 'https://app.example.com/invitations/AbC_-123456789012345678901234567890123456789/accept';

describe('renderInvitationEmail', () => {
  const mail = renderInvitationEmail({
    workspaceName: 'Acme <AI> & Co',
    inviterName: 'Ada\r\nBcc: evil@example.com',
    role: 'admin',
    expiresAt: new Date('2030-01-02T03:04:05Z'),
    acceptUrl: ACCEPT,
  });

  it('puts the accept link on a line of its own in the text part, with workspace, inviter, role and expiry', () => {
    expect(mail.text.split('\n')).toContain(ACCEPT);
    expect(mail.text).toContain('"Acme <AI> & Co"');
    expect(mail.text).toContain('as an admin');
    expect(mail.text).toContain('2030-01-02 03:04 UTC');
  });

  it('escapes names in the HTML part and keeps control characters out of the subject', () => {
    expect(mail.html).toContain('Acme &lt;AI&gt; &amp; Co');
    expect(mail.html).not.toContain('<AI>');
    expect(mail.html).toContain(`href="${ACCEPT}"`);
    expect(mail.subject).toBe('Ada Bcc: evil@example.com invited you to Acme <AI> & Co on Agent Monitoring');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});

describe('MailService without SMTP_URL', () => {
  let dir: string;
  const logged: unknown[] = [];
  const capture: LoggerService = { log: (m: unknown) => logged.push(m), error: () => undefined, warn: () => undefined };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mail-'));
    Logger.overrideLogger(capture);
  });
  afterAll(async () => {
    Logger.overrideLogger(false);
    await rm(dir, { recursive: true, force: true });
  });

  it('writes <MAIL_DIR>/<id>.eml (text + HTML) and logs the accept link', async () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://x@127.0.0.1/x',
      MAIL_DIR: dir,
      MAIL_FROM: 'Agent Monitoring <no-reply@agentobs.test>',
    });
    const service = new MailService(config);
    const rendered = renderInvitationEmail({
      workspaceName: 'Acme',
      inviterName: 'Ada',
      role: 'member',
      expiresAt: new Date(),
      acceptUrl: ACCEPT,
    });
    const sent = await service.send({ id: 'abc-123', to: 'grace@example.com', ...rendered, localLog: { acceptUrl: ACCEPT } });
    expect(sent).toEqual({ transport: 'file', messageId: '<abc-123@agentobs.mail>', file: join(dir, 'abc-123.eml') });
    const parsed = await simpleParser(await readFile(join(dir, 'abc-123.eml')));
    expect(parsed.messageId).toBe('<abc-123@agentobs.mail>');
    expect(parsed.subject).toBe(rendered.subject);
    expect((parsed.text ?? '').split(/\r?\n/)).toContain(ACCEPT);
    expect(parsed.html).toContain(`href="${ACCEPT}"`);
    expect(JSON.stringify(logged)).toContain(ACCEPT);
  });
});

describe('isPermanentMailError', () => {
  it('treats 5yz SMTP replies as permanent and everything else as retryable', () => {
    expect(isPermanentMailError(Object.assign(new Error('x'), { responseCode: 550 }))).toBe(true);
    expect(isPermanentMailError(Object.assign(new Error('x'), { permanent: true }))).toBe(true);
    expect(isPermanentMailError(Object.assign(new Error('x'), { responseCode: 451 }))).toBe(false);
    expect(isPermanentMailError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' }))).toBe(false);
  });
});
