import { createHash } from 'node:crypto';

/**
 * Head sampling of new traces (workspace setting `samplingRate`): a trace is kept when a hash of its
 * id falls below the rate. Deterministic, so every span of a trace (in any batch, on any API process)
 * gets the same decision, and hashing makes it uniform even for ids that are not random (sequential
 * test ids, X-Ray style timestamps in the high bits).
 */
export function keepTrace(traceId: string, samplingRate: number): boolean {
  if (samplingRate >= 1) return true;
  if (samplingRate <= 0) return false;
  const h = createHash('sha256').update(traceId.toLowerCase()).digest();
  // 48 bits of the hash as a fraction in [0, 1)
  return h.readUIntBE(0, 6) / 2 ** 48 < samplingRate;
}
