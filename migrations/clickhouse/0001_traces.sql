-- Trace storage on ClickHouse (TRACE_STORE=clickhouse), read and written by
-- src/modules/ingestion/storage/clickhouse/clickhouse-trace-store.ts. Applied by
-- scripts/clickhouse/migrations.ts, which records it in schema_migrations; never edit an applied file,
-- add the next one. Statements end with ";" at the end of a line.
--
-- Both tables are partitioned by month on `trace_time`, the trace's start as first seen (kept in the
-- Postgres trace registry, fixed for the trace's life): a trace lives in one partition, so
-- ReplacingMergeTree replaces a resent span (it replaces only within a partition), FINAL never has to
-- merge across partitions, and retention drops whole traces with whole partitions.

-- Spans: one row per (workspace, trace, span) once merged. A span sent again is inserted again with a
-- higher `version` (the trace's write counter from the registry) and replaces the older row.
CREATE TABLE IF NOT EXISTS spans
(
    workspace_id UUID,
    trace_id FixedString(32),
    span_id FixedString(16),
    trace_time DateTime64(6, 'UTC'),
    parent_span_id Nullable(FixedString(16)),
    name String,
    kind LowCardinality(String),
    start_time DateTime64(6, 'UTC'),
    end_time Nullable(DateTime64(6, 'UTC')),
    status Enum8('unset' = 0, 'ok' = 1, 'error' = 2),
    status_message Nullable(String),
    input Nullable(String) CODEC(ZSTD(1)),
    output Nullable(String) CODEC(ZSTD(1)),
    attributes Nullable(String) CODEC(ZSTD(1)),
    model LowCardinality(Nullable(String)),
    input_tokens Nullable(UInt64),
    output_tokens Nullable(UInt64),
    total_tokens Nullable(UInt64),
    cost_usd Nullable(Decimal(18, 9)),
    version UInt64,
    received_at DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(trace_time)
ORDER BY (workspace_id, trace_id, span_id)
TTL toDateTime(trace_time) + toIntervalDay(366)
SETTINGS ttl_only_drop_parts = 1;

-- Trace summaries, one row per trace once merged: what the list, its filters and the stats read (they
-- never scan spans). Written by ingestion with each batch, exact (computed from the batch and, for a
-- trace that already existed, from its stored spans less the ones the batch replaces), with the same
-- `version` as the batch's spans; read with FINAL (per partition, see above).
CREATE TABLE IF NOT EXISTS traces
(
    workspace_id UUID,
    trace_id FixedString(32),
    trace_time DateTime64(6, 'UTC'),
    start_time DateTime64(6, 'UTC'),
    end_time Nullable(DateTime64(6, 'UTC')),
    duration_us Nullable(Int64),
    name String,
    kind LowCardinality(String),
    status Enum8('unset' = 0, 'ok' = 1, 'error' = 2),
    span_count UInt32,
    input_tokens UInt64,
    output_tokens UInt64,
    total_tokens UInt64,
    total_cost_usd Nullable(Decimal(18, 9)),
    models Array(LowCardinality(String)),
    version UInt64,
    INDEX ix_start_time start_time TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(trace_time)
ORDER BY (workspace_id, trace_id)
TTL toDateTime(trace_time) + toIntervalDay(366)
SETTINGS ttl_only_drop_parts = 1;
