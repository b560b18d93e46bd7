import { KeyRing } from '../../common/crypto/encryption';
import { ResealReport, resealRows } from '../../common/crypto/reseal';
import { Db } from '../../database/db';
import { credentialsAad } from './integration-runner';
import { IntegrationConfigRepository } from './repositories/integration-config.repository';

/** `failed`: ids of the rows no key of the ring opens */
export type RotationReport = ResealReport<string>;

const BATCH = 100;

/**
 * Re-encrypts every stored integration credential under the ring's newest key. Rows are locked batch
 * by batch, so it can run while the API and worker are up (deploy the new ring to them first, run
 * this, then drop the old key). Running it again rotates nothing.
 */
export async function rotateIntegrationCredentials(db: Db, ring: KeyRing): Promise<RotationReport> {
  const configs = new IntegrationConfigRepository(db);
  const report: RotationReport = { scanned: 0, rotated: 0, failed: [] };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const rows = await configs.lockCredentialsBatch(tx, after, BATCH);
      await resealRows(ring, rows, report, {
        envelope: (r) => r.credentials,
        aad: (r) => credentialsAad(r.workspace_id, r.type),
        id: (r) => r.id,
        save: (r, envelope) => configs.setCredentials(tx, r.id, envelope),
      });
      return rows;
    });
    if (!batch.length) break;
    after = batch[batch.length - 1].id;
    if (batch.length < BATCH) break;
  }
  return report;
}
