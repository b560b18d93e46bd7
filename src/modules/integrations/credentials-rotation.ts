import { DataSource } from 'typeorm';
import { KeyRing } from '../../common/crypto/encryption';
import { ResealReport, resealRows } from '../../common/crypto/reseal';
import { credentialsAad } from './integration-runner';

/** `failed`: ids of the rows no key of the ring opens */
export type RotationReport = ResealReport<string>;

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
      const rows = (await m.query(
        `SELECT id, workspace_id, type, credentials FROM integrations_config
          WHERE credentials IS NOT NULL AND id > $1 ORDER BY id LIMIT ${BATCH} FOR UPDATE`,
        [after],
      )) as { id: string; workspace_id: string; type: string; credentials: string }[];
      await resealRows(ring, rows, report, {
        envelope: (r) => r.credentials,
        aad: (r) => credentialsAad(r.workspace_id, r.type),
        id: (r) => r.id,
        save: (r, envelope) => m.query(`UPDATE integrations_config SET credentials = $2 WHERE id = $1`, [r.id, envelope]),
      });
      return rows;
    });
    if (!batch.length) break;
    after = batch[batch.length - 1].id;
    if (batch.length < BATCH) break;
  }
  return report;
}
