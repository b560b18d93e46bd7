import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptionConfigError, KeyRing } from './encryption';

const entry = (kid: string) => `${kid}:${randomBytes(32).toString('base64')}`;

describe('KeyRing', () => {
  it('encrypts under the newest key, stores the key id, and never contains the plaintext', () => {
    const ring = KeyRing.parse(`${entry('new')},${entry('old')}`);
    const secret = 'xoxb-very-secret-value-1234';
    const ct = ring.encrypt(secret, 'ctx');
    expect(KeyRing.keyIdOf(ct)).toBe('new');
    expect(ct).not.toContain(secret);
    expect(ct).not.toContain(Buffer.from(secret).toString('base64'));
    expect(ring.decrypt(ct, 'ctx')).toBe(secret);
    expect(ring.encrypt(secret, 'ctx')).not.toBe(ct); // fresh IV each time
  });

  it('decrypts with older keys of the ring and flags them as stale', () => {
    const oldEntry = entry('old');
    const oldRing = KeyRing.parse(oldEntry);
    const ct = oldRing.encrypt('s3cret', 'ctx');
    const rotated = KeyRing.parse(`${entry('new')},${oldEntry}`);
    expect(rotated.decrypt(ct, 'ctx')).toBe('s3cret');
    expect(rotated.isStale(ct)).toBe(true);
    expect(rotated.isStale(rotated.encrypt('s3cret', 'ctx'))).toBe(false);
    expect(() => KeyRing.parse(entry('new')).decrypt(ct, 'ctx')).toThrow(/not in ENCRYPTION_KEYS/);
  });

  it('refuses tampered ciphertext and ciphertext moved to another context', () => {
    const ring = KeyRing.parse(entry('k1'));
    const ct = ring.encrypt('value', 'integration:a:slack');
    expect(() => ring.decrypt(ct, 'integration:b:slack')).toThrow(/authenticate/);
    const parts = ct.split('.');
    const data = Buffer.from(parts[3], 'base64url');
    data[0] ^= 1;
    parts[3] = data.toString('base64url');
    expect(() => ring.decrypt(parts.join('.'), 'integration:a:slack')).toThrow(/authenticate/);
  });

  it('validates ENCRYPTION_KEYS without echoing key material', () => {
    const short = `k1:${randomBytes(16).toString('base64')}`;
    expect(() => KeyRing.parse(short)).toThrow(EncryptionConfigError);
    try {
      KeyRing.parse(short);
    } catch (e) {
      expect((e as Error).message).not.toContain(short.slice(3));
    }
    expect(() => KeyRing.parse('nokid')).toThrow(/kid:base64key/);
    expect(() => KeyRing.parse(`${entry('a')},${entry('a')}`)).toThrow(/twice/);
    expect(() => KeyRing.parse('')).toThrow(/empty/);
  });

  it('refuses to start in production without keys', () => {
    expect(() => KeyRing.fromConfig({ env: 'production', encryption: { keyFile: '/nonexistent/key' } })).toThrow(/required in production/);
  });

  it('in development generates a key file once (0600), warns, and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    const keyFile = join(dir, 'sub', 'encryption.key');
    const warnings: string[] = [];
    const a = KeyRing.fromConfig({ env: 'development', encryption: { keyFile } }, (m) => warnings.push(m));
    expect(warnings[0]).toMatch(/ENCRYPTION_KEYS is not set/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const b = KeyRing.fromConfig({ env: 'test', encryption: { keyFile } });
    expect(b.decrypt(a.encrypt('x', 'c'), 'c')).toBe('x');
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^dev:[A-Za-z0-9+/=]{44}\n$/);
  });
});
