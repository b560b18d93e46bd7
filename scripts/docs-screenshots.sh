#!/usr/bin/env bash
# `npm run docs:screenshots` / `make docs`: refreshes the README's pictures (docs/settings.png, docs/traces.png,
# docs/trace-detail.png) from the browser end-to-end tests of the settings page and the trace explorer, against
# a real stack on throw-away services. `make test` never writes them.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json
UPDATE_DOCS_SCREENSHOTS=1 SKIP_WEB_UNIT=1 node scripts/with-services.mjs --stripe -- bash web/scripts/test.sh
git status --short docs/
