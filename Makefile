# Agent Monitoring — the two commands: `make up` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
export npm_config_fund := false
export npm_config_audit := false

.PHONY: help up test deps build web lint typecheck unit e2e sdk-test check-generated generate bench docs clean

help:
	@echo "make up     install, start Postgres/Redis (unless DATABASE_URL/REDIS_URL), migrate, seed, run API + worker on :$${PORT:-8000}"
	@echo "            (make up TRACE_STORE=clickhouse: traces in ClickHouse, a local one unless CLICKHOUSE_URL)"
	@echo "            (make up API_PROCESSES=2 WORKER_PROCESSES=2: several API processes on one port, several workers)"
	@echo "make test   lint, typecheck, unit, e2e (real Postgres/Redis/SMTP/stripe-mock), SDK tests, openapi/SDK drift check"

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

deps: node_modules/.package-lock.json

build: deps
	npx tsc -p tsconfig.build.json

# The settings page (web/): built into web/dist, which the API serves at /.
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web: web/node_modules/.package-lock.json
	cd web && npx vite build --logLevel warn

up: build web
	node scripts/stack.mjs $(if $(filter mock,$(STRIPE)),--stripe,)

typecheck: deps
	npx tsc -p tsconfig.json --noEmit

lint: deps
	npx eslint . && npx prettier --check . && npx depcruise src --config .dependency-cruiser.cjs

unit: deps
	npx jest --config jest.unit.config.js

generate: build
	node scripts/generate.mjs

check-generated: deps
	node scripts/generate.mjs --check

bench: build
	node scripts/bench.mjs

# The README's screenshots (docs/*.png), from the settings page's browser test; `make test` leaves them alone.
docs: deps
	bash scripts/docs-screenshots.sh

# Everything the tests need is started (and stopped) by scripts/with-services.mjs.
test: build
	bash scripts/test.sh

clean:
	rm -rf dist var/test-mail
