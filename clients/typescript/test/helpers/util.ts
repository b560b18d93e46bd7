import { AgentObs } from '../../src/index';
import type { InternalOptions } from '../../src/tracing/types';
import { captureLogger, type WireSpan } from './collector';

/** Polls `predicate` every few ms until it holds; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** An AgentObs for tests: no exit hooks, no spool, warnings captured, nothing sent until flush unless asked. */
export function testObs(options: InternalOptions = {}): { obs: AgentObs; warnings: string[] } {
  const logger = captureLogger();
  const obs = new AgentObs(<InternalOptions>{
    apiKey: 'ao_sk_test',
    baseUrl: 'http://127.0.0.1:9',
    registerExitHandlers: false,
    flushAt: 1000,
    flushIntervalMs: 60_000,
    spoolDir: false,
    logger,
    ...options,
  });
  return { obs, warnings: logger.messages };
}

export function byName(spans: WireSpan[], name: string): WireSpan {
  const matches = spans.filter((s) => s.name === name);
  if (matches.length !== 1) throw new Error(`expected one span named ${name}, found ${matches.length}`);
  return matches[0]!;
}
