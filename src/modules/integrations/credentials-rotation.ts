import { DataSource } from 'typeorm';
import { KeyRing } from '../../common/crypto/encryption';
import { credentialsAad } from './integration-runner';

export interface RotationReport {
  scanned: number;
  rotated: number;
  /** rows whose ciphertext no key of the ring opens (their ids; never their contents) */
  failed: string[];
}

const BATCH = 100;

/**
 * Re-encrypts every stored integration credential under the ring's newest key. Rows are locked batch
 * by batch, so it can run while the API and worker are up (deploy the new ring to them first, run
 * this, then drop the old key). Running it again rotates nothing.
 */
export async function rotateIntegrationCredentials(ds: DataSource, ring: KeyRing): Promise<RotationReport> {
  const report: RotationReport = { scanned: 0, rotated: 0, failed: [] };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await ds.transaction(async (m) => {
      const rows = await m.query(
        `SELECT id, workspace_id, type, credentials FROM integrations_config
          WHERE credentials IS NOT NULL AND id > $1 ORDER BY id LIMIT ${BATCH} FOR UPDATE`, [after]) as
        { id: string; workspace_id: string; type: string; credentials: string }[];
      for (const row of rows) {
        report.scanned++;
        if (!ring.isStale(row.credentials)) continue;
        const aad = credentialsAad(row.workspace_id, row.type);
        let plain: string;
        try {
          plain = ring.decrypt(row.credentials, aad);
        } catch {
          report.failed.push(row.id);
          continue;
        }
        await m.query(`UPDATE integrations_config SET credentials = $2 WHERE id = $1`, [row.id, ring.encrypt(plain, aad)]);
        report.rotated++;
      }
      return rows;
    });
    if (!batch.length) break;
    after = batch[batch.length - 1].id;
    if (batch.length < BATCH) break;
  }
  return report;
}
