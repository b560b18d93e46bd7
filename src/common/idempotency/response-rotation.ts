import { DataSource } from 'typeorm';
import { KeyRing } from '../crypto/encryption';
import { ResealReport, resealRows } from '../crypto/reseal';
import { responseAad } from './idempotency.interceptor';

const BATCH = 500;

/**
 * Re-encrypts the responses kept for Idempotency-Key replays (24 h) under the ring's newest key, like
 * rotateIntegrationCredentials (rows locked batch by batch; safe while the API runs; idempotent).
 * `failed` has one entry per row no key opens (they answer 409 on replay).
 */
export async function rotateIdempotencyResponses(ds: DataSource, ring: KeyRing): Promise<ResealReport<number>> {
  const report: ResealReport<number> = { scanned: 0, rotated: 0, failed: [] };
  let after: [string, string] = ['', ''];
  for (;;) {
    const rows = await ds.transaction(async (m) => {
      const batch = (await m.query(
        `SELECT scope, key, response_body #>> '{}' AS sealed FROM idempotency_keys
          WHERE jsonb_typeof(response_body) = 'string' AND (scope, key) > ($1, $2) ORDER BY scope, key LIMIT ${BATCH} FOR UPDATE`,
        after,
      )) as { scope: string; key: string; sealed: string }[];
      await resealRows(ring, batch, report, {
        envelope: (r) => r.sealed,
        aad: (r) => responseAad(r.scope, r.key),
        id: () => 1,
        save: (r, envelope) =>
          m.query(`UPDATE idempotency_keys SET response_body = to_jsonb($3::text) WHERE scope = $1 AND key = $2`, [
            r.scope,
            r.key,
            envelope,
          ]),
      });
      return batch;
    });
    if (rows.length < BATCH) return report;
    after = [rows[rows.length - 1].scope, rows[rows.length - 1].key];
  }
}
