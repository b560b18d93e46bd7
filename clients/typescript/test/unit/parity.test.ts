/** The options, stats keys and limits the Python SDK shares (clients/testdata/options.json). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AgentObs, type AgentObsOptions } from '../../src/index';
import { SPOOL_MAX_BYTES } from '../../src/node/spool';
import { MAX_DEPTH } from '../../src/tracing/capture';
import { INTERNAL_DEFAULTS, OPTION_DEFAULTS } from '../../src/tracing/agentobs';
import { parseRetryAfter, RETRY_MAX_MS } from '../../src/tracing/transport';
import { MAX_ATTRIBUTE_KEY_LENGTH, MAX_ATTRIBUTE_KEYS } from '../../src/tracing/wire';

interface OptionRow {
  ts: string;
  py: string;
  default?: number;
  defaultMs?: number;
  unit?: string;
  invalid?: number[];
}
const vector = JSON.parse(readFileSync(new URL('../../../testdata/options.json', import.meta.url), 'utf8')) as {
  options: OptionRow[];
  stats: [string, string][];
  dropReasons: [string, string][];
  internals: Record<string, number>;
};

// Every public option of AgentObsOptions, in the declared order (a compile error when one is added without
// being listed here); the last three are JavaScript-runtime options with no Python equivalent.
const DECLARED: Record<keyof AgentObsOptions, true> = {
  apiKey: true,
  baseUrl: true,
  flushAt: true,
  flushIntervalMs: true,
  sampleRate: true,
  maxBufferSize: true,
  maxRetryDurationMs: true,
  shutdownTimeoutMs: true,
  spoolDir: true,
  onDrop: true,
  mask: true,
  maxFieldSize: true,
  registerExitHandlers: true,
  fetch: true,
  logger: true,
};
const JS_ONLY = ['registerExitHandlers', 'fetch', 'logger'];

describe('parity with the Python SDK (clients/testdata/options.json)', () => {
  it('has the same options, in the same order, with the same defaults (durations: ms here, s in Python)', () => {
    assert.deepEqual(
      Object.keys(DECLARED).filter((k) => !JS_ONLY.includes(k)),
      vector.options.map((o) => o.ts),
    );
    for (const o of vector.options) {
      if (o.unit === 'duration') assert.ok(o.ts.endsWith('Ms'), `${o.ts}: durations say their unit`);
      const expected = o.default ?? o.defaultMs;
      if (expected !== undefined) assert.equal(OPTION_DEFAULTS[o.ts as keyof typeof OPTION_DEFAULTS], expected, o.ts);
    }
    assert.deepEqual(
      Object.keys(OPTION_DEFAULTS).sort(),
      vector.options
        .filter((o) => (o.default ?? o.defaultMs) !== undefined)
        .map((o) => o.ts)
        .sort(),
    );
  });

  it('refuses the same out-of-range values (RangeError; ValueError in Python) and accepts the boundaries', () => {
    for (const o of vector.options) {
      for (const bad of o.invalid ?? []) {
        assert.throws(() => new AgentObs({ [o.ts]: bad, registerExitHandlers: false, spoolDir: false }), RangeError, `${o.ts}: ${bad}`);
      }
    }
    const edge = new AgentObs({
      sampleRate: 0,
      maxRetryDurationMs: 0,
      shutdownTimeoutMs: 0,
      maxFieldSize: 64,
      flushAt: 1,
      maxBufferSize: 1,
    });
    void edge.shutdown();
  });

  it('has the same stats() keys and drop reasons', () => {
    const obs = new AgentObs({ registerExitHandlers: false, spoolDir: false });
    const stats = obs.stats();
    assert.deepEqual(
      Object.keys(stats),
      vector.stats.map(([ts]) => ts),
    );
    assert.deepEqual(
      Object.keys(stats.droppedByReason),
      vector.dropReasons.map(([ts]) => ts),
    );
    void obs.shutdown();
  });

  it('has the same fixed limits', () => {
    const i = vector.internals;
    assert.deepEqual(
      {
        maxBatchSize: INTERNAL_DEFAULTS.maxBatchSize,
        maxBatchBytes: INTERNAL_DEFAULTS.maxBatchBytes,
        requestTimeoutMs: INTERNAL_DEFAULTS.requestTimeoutMs,
        retryBaseDelayMs: INTERNAL_DEFAULTS.retryBaseDelayMs,
        retryMaxDelayMs: RETRY_MAX_MS,
        spoolMaxBytes: SPOOL_MAX_BYTES,
        maxAttributeKeys: MAX_ATTRIBUTE_KEYS,
        maxAttributeKeyLength: MAX_ATTRIBUTE_KEY_LENGTH,
        maxDepth: MAX_DEPTH,
      },
      i,
    );
  });

  it('reads Retry-After as the Python SDK does (clients/testdata/retry-after.json)', () => {
    const { cases } = JSON.parse(readFileSync(new URL('../../../testdata/retry-after.json', import.meta.url), 'utf8')) as {
      cases: { value: string; ms: number | null }[];
    };
    assert.deepEqual(
      cases.map((c) => [c.value, parseRetryAfter(c.value) ?? null]),
      cases.map((c) => [c.value, c.ms]),
    );
  });
});
