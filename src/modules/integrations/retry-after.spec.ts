import { RetryLaterError, retryAfterBackoff } from '../../common/queue/queues';
import { retryAfterMs } from './integration-runner';

describe('Retry-After', () => {
  const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

  it('reads delay-seconds and HTTP dates, capped at an hour; ignores what it cannot read', () => {
    expect(retryAfterMs('30', NOW)).toBe(30_000);
    expect(retryAfterMs(' 0 ', NOW)).toBe(0);
    expect(retryAfterMs('Wed, 25 Nov 2026 12:00:45 GMT', NOW)).toBe(45_000);
    expect(retryAfterMs('Wed, 25 Nov 2026 11:00:00 GMT', NOW)).toBe(0);
    expect(retryAfterMs('86400', NOW)).toBe(3600_000);
    expect(retryAfterMs(['5', '9'], NOW)).toBe(5000);
    for (const v of [undefined, '', 'soon', '-5', '1.5']) expect(retryAfterMs(v, NOW)).toBeUndefined();
  });

  it('the alert backoff waits for the named delay, never less than its exponential schedule', () => {
    const job = { opts: { backoff: { delay: 1000, jitter: 0.5 } } };
    for (let attempt = 1; attempt <= 6; attempt++) {
      const max = 1000 * 2 ** (attempt - 1);
      for (let i = 0; i < 20; i++) {
        const plain = retryAfterBackoff(attempt, 'retry-after', new Error('HTTP 500'), job);
        expect(plain).toBeGreaterThanOrEqual(max / 2);
        expect(plain).toBeLessThanOrEqual(max);
      }
    }
    expect(retryAfterBackoff(1, 'retry-after', new RetryLaterError('HTTP 429', 30_000), job)).toBe(30_000);
    expect(retryAfterBackoff(8, 'retry-after', new RetryLaterError('HTTP 429', 1000), job)).toBeGreaterThanOrEqual(64_000);
    expect(retryAfterBackoff(1, 'retry-after', new Error('x'), { opts: { backoff: { delay: 2000 } } })).toBe(2000);
  });
});
