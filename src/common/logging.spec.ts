import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import { AppLogger, createRootLogger, redactUrl } from './logging';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  const root = createRootLogger({ env: 'production', logLevel: 'trace' }, stream);
  return { lines, logger: new AppLogger(root) };
}

describe('AppLogger (Nest LoggerService on pino)', () => {
  it("maps Nest's Logger calls: context, object-first, errors, levels", () => {
    const { lines, logger } = capture();
    const nest = new Logger('RateLimit');
    Logger.overrideLogger(logger);
    try {
      nest.warn({ err: new Error('redis down') }, 'rate limiter unavailable');
      nest.log('plain message');
      nest.debug('details');
      nest.error(new Error('boom'));
      // Nest's exception handlers: error(message, stack, context)
      logger.error('unhandled', 'Error: unhandled\n    at somewhere (file.js:1:1)', 'ExceptionHandler');
      new Logger().log('no context');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(lines[0]).toMatchObject({ level: 40, context: 'RateLimit', msg: 'rate limiter unavailable', err: { message: 'redis down' } });
    expect(lines[1]).toMatchObject({ level: 30, context: 'RateLimit', msg: 'plain message' });
    expect(lines[2]).toMatchObject({ level: 20, msg: 'details' });
    expect(lines[3]).toMatchObject({ level: 50, context: 'RateLimit', err: { message: 'boom' } });
    expect(lines[4]).toMatchObject({
      level: 50,
      context: 'ExceptionHandler',
      err: { message: 'unhandled', stack: expect.stringContaining('somewhere') },
    });
    expect(lines[5]).toMatchObject({ level: 30, msg: 'no context' });
    expect(lines[5].context).toBeUndefined();
  });

  it('censors secrets in logged objects', () => {
    const { lines, logger } = capture();
    logger.log({ user: { password: 'hunter2', email: 'a@b.c' }, req: { headers: { authorization: 'Bearer ao_sk_x' } } }, 'Ctx');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('ao_sk_x');
    expect(text).toContain('a@b.c');
  });

  it('keeps invitation tokens and query strings out of logged URLs', () => {
    expect(redactUrl('/api/v1/team/invitations/abc123/accept?x=1')).toBe('/api/v1/team/invitations/[redacted]/accept');
  });
});
