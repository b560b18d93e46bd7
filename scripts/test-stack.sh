#!/usr/bin/env bash
# Runs inside scripts/with-services.mjs (DATABASE_URL, REDIS_URL, STRIPE_API_BASE, CLICKHOUSE_URL are set).
set -euo pipefail
cd "$(dirname "$0")/.."
stage() { echo; echo "==== $* ===="; }
base="${DATABASE_URL%/*}"

stage "migrations: up, drift check, down and up again"
psql_exec() { node -e "const {Client}=require('pg');(async()=>{const c=new Client({connectionString:process.argv[1]});await c.connect();await c.query(process.argv[2]);await c.end()})().catch(e=>{console.error(e.message);process.exit(1)})" "$@"; }
psql_exec "$DATABASE_URL" "DROP DATABASE IF EXISTS migcheck"
psql_exec "$DATABASE_URL" "CREATE DATABASE migcheck"
DATABASE_URL="$base/migcheck" node dist/scripts/migrations.js check
n=$(node -e "console.log(require('./dist/migrations').MIGRATIONS.length)")
for _ in $(seq "$n"); do DATABASE_URL="$base/migcheck" node dist/scripts/migrations.js revert > /dev/null; done
DATABASE_URL="$base/migcheck" node dist/scripts/migrations.js run > /dev/null
DATABASE_URL="$base/migcheck" node dist/scripts/migrations.js check
psql_exec "$DATABASE_URL" "DROP DATABASE migcheck WITH (FORCE)"

stage "clickhouse migrations: from nothing, twice, schema equal to migrations/clickhouse/schema.sql"
node dist/scripts/clickhouse/migrations.js check

stage "e2e tests (jest, real HTTP, Postgres, Redis, SMTP, stripe-mock, ClickHouse)"
npx jest --config jest.e2e.config.js --json --outputFile=var/test-results/e2e.json

if [ -f scripts/test-sdks.sh ]; then
  stage "SDK tests (TypeScript and Python)"
  bash scripts/test-sdks.sh
fi

stage "web: Vitest + Playwright (Chromium) against the real stack"
bash web/scripts/test.sh

stage "robustness: schemathesis over every operation of openapi.json"
bash scripts/test-robustness.sh
