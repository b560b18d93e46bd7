#!/usr/bin/env bash
# SDK tests: each SDK's unit tests (no server), then its integration tests against the running stack
# (API + worker started by scripts/with-stack.mjs on the services of scripts/with-services.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
results="$PWD/var/test-results"
mkdir -p "$results"

echo "-- TypeScript SDK: typecheck + unit"
(cd clients/typescript && { [ -x node_modules/.bin/tsx ] || npm ci --no-audit --no-fund; } && npm run typecheck && npm run build \
  && node --import tsx --test --test-reporter=spec --test-reporter-destination=stdout \
       --test-reporter=junit --test-reporter-destination="$results/ts-unit.xml" test/unit/*.test.ts)

echo "-- Python SDK: unit"
clients/python/run-tests.sh unit -q --junitxml="$results/py-unit.xml"

echo "-- SDK integration tests against the running stack"
node scripts/with-stack.mjs -- bash -c '
  set -e
  (cd clients/typescript && node --import tsx --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
     --test-reporter=junit --test-reporter-destination="'"$results"'/ts-integration.xml" test/integration/*.test.ts)
  clients/python/run-tests.sh integration -q --junitxml="'"$results"'/py-integration.xml"
'
