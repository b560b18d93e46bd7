import type { Db } from '../../database/db';
import { KeyRing } from '../crypto/encryption';
import { ResealReport, resealRows } from '../crypto/reseal';
import { responseAad } from './idempotency.interceptor';
import { IdempotencyRepository } from './idempotency.repository';

const BATCH = 500;

/**
 * Re-encrypts the responses kept for Idempotency-Key replays (24 h) under the ring's newest key, like
 * rotateIntegrationCredentials (rows locked batch by batch; safe while the API runs; idempotent).
 * `failed` has one entry per row no key opens (they answer 409 on replay).
 */
export async function rotateIdempotencyResponses(db: Db, ring: KeyRing): Promise<ResealReport<number>> {
  const repo = new IdempotencyRepository(db);
  const report: ResealReport<number> = { scanned: 0, rotated: 0, failed: [] };
  let after: [string, string] = ['', ''];
  for (;;) {
    const rows = await db.transaction(async (tx) => {
      const batch = await repo.sealedAfter(tx, after, BATCH);
      await resealRows(ring, batch, report, {
        envelope: (r) => r.sealed,
        aad: (r) => responseAad(r.scope, r.key),
        id: () => 1,
        save: (r, envelope) => repo.reseal(tx, r.scope, r.key, envelope),
      });
      return batch;
    });
    if (rows.length < BATCH) return report;
    after = [rows[rows.length - 1].scope, rows[rows.length - 1].key];
  }
}
