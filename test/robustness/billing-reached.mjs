#!/usr/bin/env node
/**
 * After the schemathesis run (test/robustness/schemathesis.sh, HAR report): proves that the billing operations were
 * fuzzed against a configured Stripe (stripe-mock), not answered 503 "Stripe not configured" throughout — a checkout
 * was created (201) and a plan change went through or asked for checkout (200 / 409), and no billing call was a 503.
 *   node test/robustness/billing-reached.mjs var/test-results/schemathesis.har
 */
import fs from 'node:fs';

const har = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const seen = new Map();
for (const e of har.log.entries) {
  const path = new URL(e.request.url).pathname;
  if (!path.startsWith('/api/v1/billing/')) continue;
  const key = `${e.request.method} ${path}`;
  const statuses = seen.get(key) ?? new Map();
  statuses.set(e.response.status, (statuses.get(e.response.status) ?? 0) + 1);
  seen.set(key, statuses);
}
const count = (key, ...statuses) => statuses.reduce((n, s) => n + (seen.get(key)?.get(s) ?? 0), 0);
const problems = [];
if (!count('POST /api/v1/billing/checkout', 201)) problems.push('no checkout session was created (201): is Stripe configured?');
if (!count('PUT /api/v1/billing/plan', 200, 409)) problems.push('no plan change reached the Stripe rules (200 or 409)');
for (const [key, statuses] of seen) if (statuses.has(503)) problems.push(`${key} answered 503 ${statuses.get(503)} times`);
// (the documented operations; the other methods schemathesis tries on these paths answer 405)
for (const [key, statuses] of [...seen].filter(([, s]) => !s.has(405)).sort())
  console.log(
    `  ${key}: ${[...statuses]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')}`,
  );
if (problems.length) {
  console.error(`billing was not fuzzed against Stripe:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('billing operations fuzzed against stripe-mock: checkouts created, plan changes applied');
