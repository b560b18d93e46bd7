#!/usr/bin/env bash
# `make test`: every check CI runs. Starts what it needs (Postgres, Redis, stripe-mock, the local ClickHouse,
# SMTP sinks inside the tests) and stops it afterwards. Exit code non-zero on the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf var/test-results; mkdir -p var/test-results
stage() { echo; echo "==== $* ===="; }

# one command per line: under `set -e` a failure inside an `a && b && c` list does not stop the script (a prettier
# warning once passed CI that way, and depcruise was skipped)
stage "lint";       npx eslint .
npx prettier --check .
npx depcruise src --config .dependency-cruiser.cjs
stage "typecheck";  npx tsc -p tsconfig.json --noEmit
stage "openapi.json: Redocly recommended ruleset (0 errors, at most 5 warnings)"; node scripts/lint-openapi.mjs
stage "unit tests"; npx jest --config jest.unit.config.js --json --outputFile=var/test-results/unit.json
stage "services + stack tests"
node scripts/with-services.mjs --stripe --clickhouse -- bash scripts/test-stack.sh
stage "openapi / SDK drift"; node scripts/generate.mjs --check
node scripts/test-summary.mjs
