import { KeyRing } from './encryption';

export interface ResealReport<F> {
  scanned: number;
  rotated: number;
  /** what identifies each row no key of the ring opens (never its contents) */
  failed: F[];
}

/**
 * One batch of a key rotation: each row's envelope not under the ring's newest key is opened and sealed again
 * (same associated data) and handed to `save`; rows no key opens are reported by `id`.
 */
export async function resealRows<R, F>(
  ring: KeyRing,
  rows: R[],
  report: ResealReport<F>,
  row: {
    envelope: (r: R) => string;
    aad: (r: R) => string;
    id: (r: R) => F;
    save: (r: R, envelope: string) => Promise<unknown>;
  },
): Promise<void> {
  for (const r of rows) {
    report.scanned++;
    const envelope = row.envelope(r);
    if (!ring.isStale(envelope)) continue;
    const aad = row.aad(r);
    let plain: string;
    try {
      plain = ring.decrypt(envelope, aad);
    } catch {
      report.failed.push(row.id(r));
      continue;
    }
    await row.save(r, ring.encrypt(plain, aad));
    report.rotated++;
  }
}
