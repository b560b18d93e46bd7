import { scrubSecrets } from './audit.service';

describe('scrubSecrets', () => {
  it('drops secret-looking keys at any depth and keeps the rest', () => {
    expect(
      scrubSecrets({
        name: 'n',
        password: 'p',
        nested: { apiKey: 'k', token: 't', role: 'admin', list: [{ secret: 's', ok: 1 }] },
        keyId: 'k1',
      }),
    ).toEqual({ name: 'n', nested: { role: 'admin', list: [{ ok: 1 }] }, keyId: 'k1' });
  });
});
