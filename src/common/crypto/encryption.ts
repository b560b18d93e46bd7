import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AppConfig } from '../../config/config';

const VERSION = 'v1';
const KID = /^[A-Za-z0-9_-]{1,32}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class EncryptionConfigError extends Error {}

interface Key {
  id: string;
  key: Buffer;
}

/**
 * AES-256-GCM with a key ring (`ENCRYPTION_KEYS` = `kid:base64key,…`, newest first). New ciphertext
 * always uses the newest key; its id travels in the ciphertext (`v1.<kid>.<iv>.<data>.<tag>`,
 * base64url), so older keys keep decrypting until `npm run rotate-keys` has re-encrypted everything.
 * Callers pass associated data naming what the secret belongs to, so a ciphertext copied onto another
 * row does not decrypt.
 */
export class KeyRing {
  private readonly keys = new Map<string, Buffer>();
  readonly primaryKeyId: string;

  constructor(keys: Key[]) {
    if (!keys.length) throw new EncryptionConfigError('the encryption key ring is empty');
    for (const k of keys) {
      if (this.keys.has(k.id)) throw new EncryptionConfigError(`encryption key id "${k.id}" appears twice`);
      this.keys.set(k.id, k.key);
    }
    this.primaryKeyId = keys[0].id;
  }

  /** Parses `kid:base64key,…` (newest first). Messages never include key material. */
  static parse(spec: string): KeyRing {
    const entries = spec
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return new KeyRing(
      entries.map((entry, i) => {
        const sep = entry.indexOf(':');
        const id = sep > 0 ? entry.slice(0, sep) : '';
        if (!KID.test(id))
          throw new EncryptionConfigError(
            `ENCRYPTION_KEYS entry ${i + 1}: expected kid:base64key with a kid of 1-32 letters, digits, _ or -`,
          );
        const key = Buffer.from(entry.slice(sep + 1), 'base64');
        if (key.length !== 32)
          throw new EncryptionConfigError(`ENCRYPTION_KEYS entry ${i + 1} (${id}): the key must be 32 bytes, base64-encoded`);
        return { id, key };
      }),
    );
  }

  /**
   * The ring from `ENCRYPTION_KEYS`. Without it: production refuses to start; development and test
   * use (and create once, mode 0600) a local key file, with a warning.
   */
  static fromConfig(config: Pick<AppConfig, 'env' | 'encryption'>, warn: (message: string) => void = () => undefined): KeyRing {
    if (config.encryption.keys) return KeyRing.parse(config.encryption.keys);
    if (config.env === 'production') {
      throw new EncryptionConfigError('ENCRYPTION_KEYS is required in production (kid:base64key, e.g. `k1:$(openssl rand -base64 32)`)');
    }
    const file = resolve(config.encryption.keyFile);
    const ring = KeyRing.parse(readOrCreateKeyFile(file));
    warn(`ENCRYPTION_KEYS is not set: using the development key in ${config.encryption.keyFile} (never do this in production)`);
    return ring;
  }

  /** A fresh `kid:base64key` entry. */
  static generateEntry(id = `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}${randomBytes(2).toString('hex')}`): string {
    return `${id}:${randomBytes(32).toString('base64')}`;
  }

  encrypt(plaintext: string, aad: string): string {
    const key = this.keys.get(this.primaryKeyId) as Buffer;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      VERSION,
      this.primaryKeyId,
      iv.toString('base64url'),
      data.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join('.');
  }

  decrypt(envelope: string, aad: string): string {
    const parts = envelope.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new Error('not a ciphertext of this format');
    const [, kid, iv, data, tag] = parts;
    const key = this.keys.get(kid);
    if (!key) throw new Error(`encryption key "${kid}" is not in ENCRYPTION_KEYS`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad));
    const tagBytes = Buffer.from(tag, 'base64url');
    if (tagBytes.length !== TAG_BYTES) throw new Error('ciphertext is damaged');
    decipher.setAuthTag(tagBytes);
    try {
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('ciphertext does not authenticate (wrong key, wrong context or tampered)');
    }
  }

  static keyIdOf(envelope: string): string | null {
    const parts = envelope.split('.');
    return parts.length === 5 && parts[0] === VERSION ? parts[1] : null;
  }

  /** True when the ciphertext is not under the newest key (rotation re-encrypts it). */
  isStale(envelope: string): boolean {
    return KeyRing.keyIdOf(envelope) !== this.primaryKeyId;
  }
}

/** Reads the development key file, creating it atomically (link) so concurrent starts agree on one key. */
function readOrCreateKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, KeyRing.generateEntry('dev') + '\n', { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  return readFileSync(file, 'utf8').trim();
}

/** Nest injection token of the process's KeyRing. */
export const KEY_RING = Symbol('KEY_RING');
