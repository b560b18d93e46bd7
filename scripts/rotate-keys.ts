/**
 * Re-encrypts every stored secret under the newest key of ENCRYPTION_KEYS:
 *   npm run build && ENCRYPTION_KEYS="new:…,old:…" npm run rotate-keys
 * Procedure: put the new key first in ENCRYPTION_KEYS for the API and worker (old keys stay listed so
 * they keep decrypting), run this, then remove the old key. Exits 1 if a secret could not be decrypted.
 */
import 'reflect-metadata';
import { KeyRing } from '../src/common/crypto/encryption';
import { AppConfig, ConfigError, loadConfig } from '../src/config/config';
import { createDataSource } from '../src/database/data-source';
import { Db } from '../src/database/db';
import { ResealReport } from '../src/common/crypto/reseal';
import { rotateIdempotencyResponses } from '../src/common/idempotency/response-rotation';
import { rotateIntegrationCredentials, RotationReport } from '../src/modules/integrations/credentials-rotation';

export async function rotateKeys(config: AppConfig): Promise<RotationReport & { keyId: string; idempotency: ResealReport<number> }> {
  const ring = KeyRing.fromConfig(config, (m) => console.warn(m));
  const ds = createDataSource(config.databaseUrl, 2);
  await ds.initialize();
  try {
    const db = new Db(ds);
    const credentials = await rotateIntegrationCredentials(db, ring);
    return { ...credentials, idempotency: await rotateIdempotencyResponses(db, ring), keyId: ring.primaryKeyId };
  } finally {
    await ds.destroy();
  }
}

async function main() {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const report = await rotateKeys(config);
  console.log(`integration credentials: ${report.scanned} scanned, ${report.rotated} re-encrypted under key "${report.keyId}"`);
  console.log(
    `idempotency responses: ${report.idempotency.scanned} scanned, ${report.idempotency.rotated} re-encrypted` +
      (report.idempotency.failed.length
        ? `, ${report.idempotency.failed.length} unreadable (replays answer 409; they expire within 24 h)`
        : ''),
  );
  if (report.failed.length) {
    console.error(
      `${report.failed.length} could not be decrypted with any key in ENCRYPTION_KEYS (integrations_config ids: ${report.failed.join(', ')})`,
    );
    process.exit(1);
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error('rotate-keys failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
