#!/usr/bin/env bash
# The web app's tests (settings page, trace explorer) (called by `make test`; runnable alone):
#   1. installs Debian's Chromium when missing (apt-get, as root),
#   2. installs web/ dependencies if needed and builds the app (tsc + vite build → web/dist),
#   3. Vitest unit/component tests (jsdom; the generated client against a fake fetch),
#   4. Vitest + playwright-core end-to-end tests in headless Chromium against the real stack
#      (scripts/stack.mjs: API + worker on Postgres/Redis, an SMTP sink and a webhook receiver in the test).
# With DATABASE_URL / REDIS_URL set (make test's services) the e2e run uses a fresh database on that server
# and its own Redis prefix; without them the stack starts its own services. Stripe flows use stripe-mock
# when STRIPE_API_BASE is set. Results: jest-style JSON in var/test-results/web-*.json, screenshots in
# web/test-results/ (ignored; docs/settings.png, docs/traces.png and docs/trace-detail.png are refreshed only by `npm run docs:screenshots`, with
# UPDATE_DOCS_SCREENSHOTS=1). SKIP_WEB_UNIT=1 runs the build and the end-to-end tests only.
set -euo pipefail
cd "$(dirname "$0")/.."
WEB=$(pwd)
ROOT=$(cd .. && pwd)
RESULTS=${TEST_RESULTS_DIR:-$ROOT/var/test-results}
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
mkdir -p "$RESULTS"
rm -rf "$WEB/test-results"

if [ ! -x "$CHROMIUM_PATH" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing chromium (Debian package)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core > /dev/null
  else
    echo "chromium is missing: run 'apt-get update && apt-get install -y chromium' as root" >&2
    exit 1
  fi
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# the e2e stack runs the built API and worker
if [ ! -f "$ROOT/dist/src/main.js" ]; then (cd "$ROOT" && npx tsc -p tsconfig.build.json); fi

echo; echo "==== web: build ===="
npm run build

if [ "${SKIP_WEB_UNIT:-}" != 1 ]; then
  echo; echo "==== web: unit and component tests (vitest) ===="
  npx vitest run --reporter=default --reporter=json --outputFile.json="$RESULTS/web-unit.json"
fi

echo; echo "==== web: end-to-end tests (vitest + playwright-core, Chromium, real stack) ===="
npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json="$RESULTS/web-e2e.json"
echo "screenshots: $WEB/test-results/"
