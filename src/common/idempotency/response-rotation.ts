import { DataSource } from 'typeorm';
import { KeyRing } from '../crypto/encryption';
import { responseAad } from './idempotency.interceptor';

const BATCH = 500;

/**
 * Re-encrypts the responses kept for Idempotency-Key replays (24 h) under the ring's newest key, like
 * rotateIntegrationCredentials (rows locked batch by batch; safe while the API runs; idempotent).
 * `failed` counts rows no key opens (they answer 409 on replay).
 */
export async function rotateIdempotencyResponses(ds: DataSource, ring: KeyRing): Promise<{ scanned: number; rotated: number; failed: number }> {
  const report = { scanned: 0, rotated: 0, failed: 0 };
  let after: [string, string] = ['', ''];
  for (;;) {
    const rows = await ds.transaction(async (m) => {
      const batch = await m.query(
        `SELECT scope, key, response_body #>> '{}' AS sealed FROM idempotency_keys
          WHERE jsonb_typeof(response_body) = 'string' AND (scope, key) > ($1, $2) ORDER BY scope, key LIMIT ${BATCH} FOR UPDATE`,
        after) as { scope: string; key: string; sealed: string }[];
      for (const row of batch) {
        report.scanned++;
        if (!ring.isStale(row.sealed)) continue;
        const aad = responseAad(row.scope, row.key);
        let plain: string;
        try {
          plain = ring.decrypt(row.sealed, aad);
        } catch {
          report.failed++;
          continue;
        }
        await m.query(`UPDATE idempotency_keys SET response_body = to_jsonb($3::text) WHERE scope = $1 AND key = $2`,
          [row.scope, row.key, ring.encrypt(plain, aad)]);
        report.rotated++;
      }
      return batch;
    });
    if (rows.length < BATCH) return report;
    after = [rows[rows.length - 1].scope, rows[rows.length - 1].key];
  }
}
