/**
 * The TypeScript SDK (clients/typescript/src, as it is) sending `count` spans of random 10 KB inputs in one batch, for
 * test/payload-too-large.e2e-spec.ts. Run with clients/typescript's tsx (it loads the SDK's TypeScript sources):
 *   cd clients/typescript && node --import tsx ../../test/clients/ts-sdk-batch.mjs <baseUrl> <apiKey> <count> <gzip|none>
 * Prints one JSON line: the flush result and the stats. The byte limit per request is raised above the server's 5 MB
 * (an internal option, as the SDK's own tests use) so that the whole batch goes out and is refused with 413.
 */
import { randomBytes } from 'node:crypto';
import { AgentObs } from '../../clients/typescript/src/index.ts';

const [baseUrl, apiKey, count, compression] = process.argv.slice(2);
const obs = new AgentObs({
  apiKey,
  baseUrl,
  flushAt: 1000,
  flushIntervalMs: 600_000,
  spoolDir: false,
  registerExitHandlers: false,
  logger: { warn: () => undefined },
  // internals (InternalOptions)
  maxBatchBytes: 10_000_000,
  compression,
});
for (let i = 0; i < Number(count); i++)
  obs.span(`step-${i}`, { kind: 'tool', input: randomBytes(7500).toString('base64') }, () => undefined);
const result = await obs.flush({ timeoutMs: 90_000 });
const stats = obs.stats();
await obs.shutdown({ timeoutMs: 1000 });
console.log(JSON.stringify({ result, stats }));
