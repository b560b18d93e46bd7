/** Monthly (UTC) partitions of the `spans` table: naming and bounds. */
export interface MonthPartition {
  /** e.g. spans_p2026_11 */
  name: string;
  /** inclusive lower bound (first instant of the month, UTC) */
  from: Date;
  /** exclusive upper bound (first instant of the next month, UTC) */
  to: Date;
}

export const PARTITION_PREFIX = 'spans_p';
const NAME = /^spans_p(\d{4})_(\d{2})$/;

export function monthOf(ms: number): MonthPartition {
  const d = new Date(ms);
  return monthStarting(d.getUTCFullYear(), d.getUTCMonth());
}

function monthStarting(year: number, month0: number): MonthPartition {
  const from = new Date(Date.UTC(year, month0, 1));
  const to = new Date(Date.UTC(year, month0 + 1, 1));
  const name = `${PARTITION_PREFIX}${from.getUTCFullYear()}_${String(from.getUTCMonth() + 1).padStart(2, '0')}`;
  return { name, from, to };
}

/** The month containing `at` and the `ahead` months after it. */
export function monthsFrom(at: Date, ahead: number): MonthPartition[] {
  return Array.from({ length: ahead + 1 }, (_, i) => monthStarting(at.getUTCFullYear(), at.getUTCMonth() + i));
}

/** Parses a partition's table name back into its bounds; null for anything else. */
export function parsePartitionName(name: string): MonthPartition | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return monthStarting(Number(m[1]), month - 1);
}
