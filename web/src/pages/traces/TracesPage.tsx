import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { statsRangeTooLong, useHasTraces, useTraceList, useTraceStats, type TraceListItem, type TraceStats } from '../../api/traces';
import { AppHeader } from '../../components/AppHeader';
import { MiniChart } from '../../components/MiniChart';
import { Button } from '../../components/ui/Button';
import { Select } from '../../components/ui/Select';
import { Badge, Empty, ErrorState, Loading } from '../../components/ui/States';
import {
  filtersFromParams,
  filtersToParams,
  formatCost,
  formatDurationMs,
  formatStart,
  formatTokens,
  hasNarrowingFilters,
  RANGE_PRESETS,
  SPAN_KINDS,
  type RangeId,
  type TraceFilters,
} from '../../lib/traces';
import { QuickStart } from './QuickStart';
import { KindBadge, StatusBadge } from './badges';

export function TracesPage() {
  const any = useHasTraces();
  const empty = any.data === false;
  // The first trace of a new workspace shows up within seconds: poll while there is none.
  useEffect(() => {
    if (!empty) return;
    const t = setInterval(() => void any.refetch(), 3000);
    return () => clearInterval(t);
  }, [empty, any]);
  return (
    <div className="app">
      <AppHeader />
      <main className="content content-wide">
        <h1 className="page-title">Traces</h1>
        {any.isPending ? (
          <Loading label="Loading traces…" />
        ) : any.isError ? (
          <ErrorState error={any.error} onRetry={() => any.refetch()} />
        ) : empty ? (
          <QuickStart />
        ) : (
          <Explorer />
        )}
      </main>
    </div>
  );
}

function Explorer() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  // Relative ranges ("last 24 hours") end now: fixed when the filters change, moved by Refresh.
  const filterKey = filtersToParams(filters).toString();
  const [clock, setClock] = useState(() => ({ key: filterKey, now: Date.now() }));
  if (clock.key !== filterKey) setClock({ key: filterKey, now: Date.now() });
  const now = clock.now;
  const setNow = (t: number) => setClock({ key: filterKey, now: t });
  const update = (patch: Partial<TraceFilters>) => setParams(filtersToParams({ ...filters, ...patch }), { replace: true });
  const list = useTraceList(filters, now);
  const stats = useTraceStats(filters, now);
  const models = useMemo(() => [...new Set(list.items.flatMap((t) => t.models ?? []))].sort(), [list.items]);
  return (
    <div className="section">
      <FilterBar filters={filters} update={update} models={models} onRefresh={() => setNow(Date.now())} refreshing={list.isFetching} />
      {statsRangeTooLong(filters, now) ? (
        <p className="muted stats-error">The charts cover at most 31 days: narrow the time range to see them.</p>
      ) : (
        <StatsHeader stats={stats.data} error={stats.error} />
      )}
      {list.isPending ? (
        <Loading label="Loading traces…" />
      ) : list.isError && list.items.length === 0 ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.items.length === 0 ? (
        <div className="card">
          <Empty title="No traces match these filters">
            {hasNarrowingFilters(filters) || filters.range !== '30d' ? (
              <Button size="sm" onClick={() => setParams(filtersToParams({ range: '30d' }), { replace: true })}>
                Show all traces of the last 30 days
              </Button>
            ) : null}
          </Empty>
        </div>
      ) : (
        <TraceTable
          items={list.items}
          hasMore={!!list.hasNextPage}
          loadingMore={list.isFetchingNextPage}
          loadMore={() => void list.fetchNextPage()}
          error={list.isError ? list.error : null}
        />
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------

const toLocalInput = (iso: string | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const fromLocalInput = (v: string) => (v && !Number.isNaN(new Date(v).getTime()) ? new Date(v).toISOString() : undefined);

function FilterBar({
  filters,
  update,
  models,
  onRefresh,
  refreshing,
}: {
  filters: TraceFilters;
  update: (patch: Partial<TraceFilters>) => void;
  models: string[];
  onRefresh: () => void;
  refreshing: boolean;
}) {
  const modelList = useId();
  const rangeOptions = [
    ...RANGE_PRESETS.map((r) => ({ value: r.id as RangeId, label: r.label })),
    { value: 'custom' as RangeId, label: 'Custom range' },
  ];
  return (
    <div className="card filters" role="search" aria-label="Trace filters">
      <div className="filters-row">
        <label className="filter">
          <span className="filter-label">Time range</span>
          <Select
            size="sm"
            aria-label="Time range"
            value={filters.range}
            options={rangeOptions}
            onValueChange={(range) => {
              if (range !== 'custom') return update({ range, from: undefined, to: undefined });
              const preset = RANGE_PRESETS.find((r) => r.id === filters.range);
              const to = new Date();
              update({ range, from: new Date(to.getTime() - (preset?.ms ?? 86_400_000)).toISOString(), to: to.toISOString() });
            }}
          />
        </label>
        {filters.range === 'custom' && (
          <>
            <label className="filter">
              <span className="filter-label">From</span>
              <input
                className="input input-sm"
                type="datetime-local"
                aria-label="From"
                value={toLocalInput(filters.from)}
                onChange={(e) => update({ from: fromLocalInput(e.target.value) })}
              />
            </label>
            <label className="filter">
              <span className="filter-label">To</span>
              <input
                className="input input-sm"
                type="datetime-local"
                aria-label="To"
                value={toLocalInput(filters.to)}
                onChange={(e) => update({ to: fromLocalInput(e.target.value) })}
              />
            </label>
          </>
        )}
        <label className="filter">
          <span className="filter-label">Status</span>
          <Select
            size="sm"
            aria-label="Status"
            value={filters.status ?? 'any'}
            options={[
              { value: 'any', label: 'Any status' },
              { value: 'ok', label: 'OK' },
              { value: 'error', label: 'Error' },
              { value: 'unset', label: 'Unset' },
            ]}
            onValueChange={(v) => update({ status: v === 'any' ? undefined : v })}
          />
        </label>
        <label className="filter">
          <span className="filter-label">Kind</span>
          <Select
            size="sm"
            aria-label="Kind"
            value={filters.kind ?? 'any'}
            options={[{ value: 'any', label: 'Any kind' }, ...SPAN_KINDS.map((k) => ({ value: k, label: k }))]}
            onValueChange={(v) => update({ kind: v === 'any' ? undefined : v })}
          />
        </label>
        <div className="filters-actions">
          <Button size="sm" onClick={onRefresh} busy={refreshing}>
            Refresh
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() =>
              update({
                status: undefined,
                name: undefined,
                kind: undefined,
                model: undefined,
                minDurationMs: undefined,
                minCostUsd: undefined,
              })
            }
          >
            Clear filters
          </Button>
        </div>
      </div>
      <div className="filters-row">
        <label className="filter filter-grow">
          <span className="filter-label">Name</span>
          <DebouncedInput
            type="search"
            label="Search by name"
            placeholder="Root span name contains…"
            value={filters.name ?? ''}
            onCommit={(v) => update({ name: v.trim() || undefined })}
          />
        </label>
        <label className="filter">
          <span className="filter-label">Model</span>
          <DebouncedInput
            label="Model"
            placeholder="e.g. gpt-4o-mini"
            list={modelList}
            value={filters.model ?? ''}
            onCommit={(v) => update({ model: v.trim() || undefined })}
          />
          <datalist id={modelList}>
            {models.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </label>
        <label className="filter filter-num">
          <span className="filter-label">Min duration (ms)</span>
          <DebouncedInput
            type="number"
            label="Minimum duration (ms)"
            min={0}
            value={filters.minDurationMs?.toString() ?? ''}
            onCommit={(v) => update({ minDurationMs: numberOrUndefined(v) })}
          />
        </label>
        <label className="filter filter-num">
          <span className="filter-label">Min cost (USD)</span>
          <DebouncedInput
            type="number"
            label="Minimum cost (USD)"
            min={0}
            step="0.0001"
            value={filters.minCostUsd?.toString() ?? ''}
            onCommit={(v) => update({ minCostUsd: numberOrUndefined(v) })}
          />
        </label>
      </div>
    </div>
  );
}

const numberOrUndefined = (v: string) => {
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : undefined;
};

/** A text input that commits to the URL 350 ms after typing stops (or on Enter); follows outside changes. */
function DebouncedInput({
  value,
  onCommit,
  label,
  ...rest
}: { value: string; onCommit: (v: string) => void; label: string } & Omit<
  React.InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange'
>) {
  const [text, setText] = useState(value);
  const committed = useRef(value);
  useEffect(() => {
    committed.current = value;
    setText(value);
  }, [value]);
  useEffect(() => {
    if (text === committed.current) return;
    const t = setTimeout(() => {
      committed.current = text;
      onCommit(text);
    }, 350);
    return () => clearTimeout(t);
  }, [text, onCommit]);
  return (
    <input
      className="input input-sm"
      aria-label={label}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && text !== committed.current) {
          committed.current = text;
          onCommit(text);
        }
      }}
      {...rest}
    />
  );
}

// ---------------------------------------------------------------------------------------------------------

function StatsHeader({ stats, error }: { stats: TraceStats | undefined; error: unknown }) {
  if (error && !stats) return <p className="muted stats-error">The charts could not be loaded.</p>;
  if (!stats) return <div className="stats-grid stats-loading" aria-busy="true" />;
  const b = stats.buckets;
  const traces = b.reduce((s, x) => s + x.traces, 0);
  const errors = b.reduce((s, x) => s + x.errors, 0);
  const tokens = b.reduce((s, x) => s + x.totalTokens, 0);
  const costs = b.filter((x) => x.totalCostUsd !== null);
  const cost = costs.length ? costs.reduce((s, x) => s + (x.totalCostUsd ?? 0), 0) : null;
  const p95s = b.map((x) => x.p95DurationMs).filter((x): x is number => x !== null);
  const day = stats.bucketSeconds >= 86_400;
  const fmt = new Intl.DateTimeFormat('en', day ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' });
  const bucketLabel = (iso: string) => fmt.format(new Date(iso));
  const pct = (n: number) => `${(n * 100).toFixed(n > 0 && n < 0.1 ? 1 : 0)}%`;
  return (
    <section className="stats-grid" aria-label="Trace statistics">
      <MiniChart
        title="Traces"
        headline={formatTokens(traces)}
        format={formatTokens}
        bucketLabel={bucketLabel}
        points={b.map((x) => ({ start: x.start, value: x.traces }))}
      />
      <MiniChart
        title="Error rate"
        tone="danger"
        headline={traces ? pct(errors / traces) : '—'}
        format={pct}
        bucketLabel={bucketLabel}
        points={b.map((x) => ({ start: x.start, value: x.traces ? x.errors / x.traces : null }))}
      />
      <MiniChart
        title="p95 duration"
        headline={p95s.length ? `≤ ${formatDurationMs(Math.max(...p95s))}` : '—'}
        format={(n) => formatDurationMs(n)}
        bucketLabel={bucketLabel}
        points={b.map((x) => ({ start: x.start, value: x.p95DurationMs }))}
      />
      <MiniChart
        title="Tokens"
        headline={formatTokens(tokens)}
        format={formatTokens}
        bucketLabel={bucketLabel}
        points={b.map((x) => ({ start: x.start, value: x.totalTokens }))}
      />
      <MiniChart
        title="Cost"
        headline={formatCost(cost)}
        format={(n) => formatCost(n)}
        bucketLabel={bucketLabel}
        points={b.map((x) => ({ start: x.start, value: x.totalCostUsd }))}
      />
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------------

function TraceTable({
  items,
  hasMore,
  loadingMore,
  loadMore,
  error,
}: {
  items: TraceListItem[];
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  error: unknown;
}) {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const sentinel = useRef<HTMLDivElement>(null);
  // Infinite scroll: the next page loads when the end of the table comes into view.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore || loadingMore || error) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore(), { rootMargin: '400px' });
    io.observe(el);
    return () => io.disconnect();
  }, [hasMore, loadingMore, loadMore, error, items.length]);
  // the detail page's "All traces" link comes back to this filtered view
  const state = { list: params.toString() };
  return (
    <div className="card card-flush">
      <div className="table-wrap">
        <table className="table table-traces" aria-label="Traces">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Start</th>
              <th scope="col" className="num">
                Duration
              </th>
              <th scope="col" className="num">
                Spans
              </th>
              <th scope="col" className="num">
                Tokens
              </th>
              <th scope="col" className="num">
                Cost
              </th>
              <th scope="col">Models</th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr
                key={t.traceId}
                className="row-link"
                onClick={() => navigate(`/traces/${t.traceId}`, { state })}
                data-trace-id={t.traceId}
              >
                <td className="cell-main">
                  <Link to={`/traces/${t.traceId}`} state={state} onClick={(e) => e.stopPropagation()}>
                    {t.name ?? <span className="muted">(unnamed)</span>}
                  </Link>
                </td>
                <td>{t.kind ? <KindBadge kind={t.kind} /> : '—'}</td>
                <td>
                  <StatusBadge status={t.status} />
                </td>
                <td className="nowrap">
                  <time dateTime={t.startTime}>{formatStart(t.startTime)}</time>
                </td>
                <td className="num">{formatDurationMs(t.durationMs)}</td>
                <td className="num">{formatTokens(t.spanCount)}</td>
                <td className="num">{formatTokens(t.totalTokens)}</td>
                <td className="num">{formatCost(t.totalCostUsd)}</td>
                <td>
                  <div className="cell-models">
                    {(t.models ?? []).map((m) => (
                      <Badge key={m}>{m}</Badge>
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div ref={sentinel} className="table-more">
        {error ? (
          <ErrorState error={error} onRetry={loadMore} />
        ) : hasMore ? (
          <Button size="sm" onClick={loadMore} busy={loadingMore}>
            Load more
          </Button>
        ) : (
          <span className="muted">{items.length === 1 ? '1 trace' : `All ${items.length} traces`}</span>
        )}
      </div>
    </div>
  );
}
