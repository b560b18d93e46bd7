import { BadRequestException, NotFoundException } from '@nestjs/common';
import { DomainError } from './domain-error';
import { toProblem } from './problem';

describe('toProblem', () => {
  it('maps domain errors with their code, detail and field errors', () => {
    const { problem } = toProblem(
      new DomainError('validation_failed', 'email: bad', { errors: [{ field: 'email', message: 'bad' }] }),
      'r1',
    );
    expect(problem).toEqual({
      type: expect.stringContaining('validation-failed'),
      title: 'Validation failed',
      status: 400,
      detail: 'email: bad',
      code: 'validation_failed',
      requestId: 'r1',
      errors: [{ field: 'email', message: 'bad' }],
    });
  });

  it('maps framework and Fastify errors to stable codes', () => {
    expect(toProblem(new NotFoundException(), 'r').problem).toMatchObject({ status: 404, code: 'not_found' });
    expect(toProblem(new BadRequestException('nope'), 'r').problem).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(toProblem({ statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'x' }, 'r').problem).toMatchObject({
      status: 413,
      code: 'payload_too_large',
    });
    expect(toProblem({ statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', message: 'x' }, 'r').problem).toMatchObject({
      status: 415,
      code: 'unsupported_media_type',
    });
    expect(
      toProblem({ statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY', message: 'Unexpected token } in JSON' }, 'r').problem,
    ).toMatchObject({ status: 400, code: 'validation_failed', detail: 'The request body is not valid JSON' });
  });

  it('answers 503 upstream_unavailable (with Retry-After) when the database is unreachable or restarting, not 500', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const shutdown = {
      name: 'QueryFailedError',
      message: 'terminating connection due to administrator command',
      driverError: { code: '57P01' },
    };
    for (const e of [
      refused,
      shutdown,
      new Error('Connection terminated unexpectedly'),
      new Error('Client was closed and is not queryable'),
      Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
      new AggregateError([refused], 'all failed'),
    ]) {
      const r = toProblem(e, 'r');
      expect(r.problem).toMatchObject({ status: 503, code: 'upstream_unavailable' });
      expect(r.headers).toEqual({ 'Retry-After': '5' });
      expect(JSON.stringify(r.problem)).not.toMatch(/ECONNREFUSED|5432|administrator/);
    }
    expect(toProblem({ code: '23505', message: 'duplicate key' }, 'r').problem.status).toBe(500);
  });

  it('never exposes the message of an unexpected error', () => {
    const r = toProblem(new Error('relation "users" does not exist at SELECT * FROM users'), 'r');
    expect(r.unexpected).toBe(true);
    expect(r.problem).toMatchObject({ status: 500, code: 'internal' });
    expect(JSON.stringify(r.problem)).not.toMatch(/relation|SELECT/);
  });
});
