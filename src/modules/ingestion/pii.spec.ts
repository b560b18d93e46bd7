import { maskPii, maskString, REDACTED } from './pii';

describe('maskString', () => {
  it.each([
    ['write to ada.lovelace+ai@example.co.uk today', `write to ${REDACTED} today`],
    ['call +1 (555) 123-4567', `call ${REDACTED}`],
    ['call 555-123-4567 or +380501234567', `call ${REDACTED} or ${REDACTED}`],
    ['card 4111 1111 1111 1111 ok', `card ${REDACTED} ok`],
    ['card 4111-1111-1111-1111', `card ${REDACTED}`],
    ['key sk-proj-abcdefghijklmnopqrstuvwx1234', `key ${REDACTED}`],
    ['stripe sk_live_abcdefghijklmnop1234', `stripe ${REDACTED}`],
    ['ours ao_sk_abcdefghijklmnopqrstuvwxyz0123456789', `ours ${REDACTED}`],
    ['aws AKIAIOSFODNN7EXAMPLE', `aws ${REDACTED}`],
    ['gh ghp_abcdefghijklmnopqrstuvwxyz0123456789', `gh ${REDACTED}`],
    ['Authorization: Bearer abcdefghijklmnopqrstuvwxyz', `Authorization: ${REDACTED}`],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', `jwt ${REDACTED}`],
  ])('masks %s', (input, expected) => {
    expect(maskString(input)).toBe(expected);
  });

  it.each([
    'order 12345 shipped on 2026-01-31 at 12:30',
    'version 1.2.3, ip 10.0.0.1, 31/12/2026',
    'card-like but not Luhn: 4111 1111 1111 1112',
    'the sky is blue',
    'skip-this-is-not-a-key',
  ])('leaves %s alone', (input) => {
    expect(maskString(input)).toBe(input);
  });
});

describe('maskPii', () => {
  it('walks objects and arrays, masks values under secret-looking keys, keeps other types', () => {
    expect(
      maskPii({
        messages: [{ role: 'user', content: 'I am bob@example.com' }],
        password: 'hunter2',
        apiKey: 12345,
        token: null,
        nested: { Authorization: 'x' },
        credentials: { user: 'me', secret: 's' },
        n: 4111111111111111,
        ok: true,
      }),
    ).toEqual({
      messages: [{ role: 'user', content: `I am ${REDACTED}` }],
      password: REDACTED,
      apiKey: REDACTED,
      token: null,
      nested: { Authorization: REDACTED },
      credentials: { user: 'me', secret: REDACTED },
      n: 4111111111111111,
      ok: true,
    });
    expect(maskPii('mail x@y.io')).toBe(`mail ${REDACTED}`);
    expect(maskPii(null)).toBeNull();
  });
});
