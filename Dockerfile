# syntax=docker/dockerfile:1
# Multi-stage build: compile with dev dependencies, run with production ones only, as a non-root user.
# One image, two processes: `node dist/src/main.js` (API, default) or `node dist/src/worker.js` (worker).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts ./scripts
COPY bench ./bench
RUN npx tsc -p tsconfig.build.json

FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY clients/typescript/src/generated ./clients/typescript/src/generated
COPY web/package.json web/package-lock.json ./web/
RUN cd web && npm ci --no-audit --no-fund
COPY web ./web
RUN cd web && npx vite build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/migrations/clickhouse ./migrations/clickhouse
COPY --from=web /app/web/dist ./web/dist
RUN mkdir -p /app/var && chown -R node:node /app/var
USER node
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/health/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# --max-semi-space-size=64: a young generation sized for ingest batches (parsed bodies live across awaits); --heap-growing-percent=300:
# the old generation may grow to 4x its live size before a mark-compact (V8 counts the pooled buffers as external memory
# towards that limit and otherwise ran one every ~0.4 s under ingest load) — README Performance, steps 1 and 10
CMD ["node", "--max-semi-space-size=64", "--heap-growing-percent=300", "dist/src/main.js"]
