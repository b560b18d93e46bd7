#!/usr/bin/env bash
# Robustness proofs (issue 10). Runs inside scripts/with-services.mjs (DATABASE_URL, REDIS_URL, STRIPE_API_BASE set),
# after a build (dist/). scripts/test-stack.sh calls it with no argument: the jest files of this issue
# (test/rbac-matrix, test/owasp, test/faults .e2e-spec.ts) already ran in its e2e stage, so only schemathesis runs.
#
#   bash scripts/test-robustness.sh            schemathesis over every operation of the served openapi.json
#   bash scripts/test-robustness.sh --all      also the RBAC matrix, OWASP probes and fault tests (jest)
# Standalone: npx tsc -p tsconfig.build.json && node scripts/with-services.mjs --stripe -- bash scripts/test-robustness.sh --all
# Env: ST_MAX_TIME (s, default 150), ST_MAX_EXAMPLES (default 10), ST_SEED — see test/robustness/schemathesis.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
stage() { echo; echo "==== $* ===="; }
: "${DATABASE_URL:?run inside scripts/with-services.mjs}" "${REDIS_URL:?run inside scripts/with-services.mjs}"
# billing is fuzzed too: Stripe must be configured (stripe-mock, from with-services.mjs --stripe)
: "${STRIPE_API_BASE:?run inside scripts/with-services.mjs --stripe (billing operations are fuzzed against stripe-mock)}"
[ -f dist/src/main.js ] || { echo "dist/ is missing: run npx tsc -p tsconfig.build.json first" >&2; exit 1; }
mkdir -p var/test-results

if [ "${1:-}" = "--all" ]; then
  stage "robustness: RBAC matrix, OWASP API Top 10 probes, fault tests (jest)"
  npx jest --config jest.e2e.config.js test/rbac-matrix.e2e-spec.ts test/owasp.e2e-spec.ts test/faults.e2e-spec.ts \
    --json --outputFile=var/test-results/robustness-jest.json
fi

stage "robustness: schemathesis against the running stack (every operation, 4 checks, bounded)"
# a database of its own (migrated and seeded by with-stack), a Redis prefix of its own, Stripe pointed at the services' stripe-mock
db="robustness_$$"
pg() { node -e "const {Client}=require('pg');(async()=>{const c=new Client({connectionString:process.argv[1]});await c.connect();await c.query(process.argv[2]);await c.end()})().catch(e=>{console.error(e.message);process.exit(1)})" "$@"; }
pg "$DATABASE_URL" "DROP DATABASE IF EXISTS $db"
pg "$DATABASE_URL" "CREATE DATABASE $db"
mail_dir=$(mktemp -d)   # invitation emails of the run (no SMTP_URL: written as files), not under var/mail
trap 'pg "$DATABASE_URL" "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; rm -rf "$mail_dir"' EXIT
stripe_env=',"STRIPE_SECRET_KEY":"sk_test_robustness","STRIPE_WEBHOOK_SECRET":"whsec_robustness"'
DATABASE_URL="${DATABASE_URL%/*}/$db" STACK_ENV="{\"REDIS_PREFIX\":\"robust$$\",\"MAIL_DIR\":\"$mail_dir\"$stripe_env}" \
  node scripts/with-stack.mjs -- bash test/robustness/schemathesis.sh
