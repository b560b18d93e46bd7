import { useCallback, useEffect, useMemo } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { isStatus } from '../../api/client';
import { useTrace } from '../../api/traces';
import { AppHeader } from '../../components/AppHeader';
import { Button } from '../../components/ui/Button';
import { CopyButton } from '../../components/ui/CopyButton';
import { Badge, Empty, ErrorState, Loading } from '../../components/ui/States';
import { buildSpanTree, formatCost, formatDurationMs, formatStart, formatTokens } from '../../lib/traces';
import { StatusBadge } from './badges';
import { SpanPanel } from './SpanPanel';
import { Waterfall } from './Waterfall';

const TRACE_ID = /^[0-9a-f]{32}$/i;

export function TraceDetailPage() {
  const { traceId = '' } = useParams();
  const location = useLocation();
  const listQuery = (location.state as { list?: string } | null)?.list;
  const back = `/traces${listQuery ? `?${listQuery}` : ''}`;
  return (
    <div className="app">
      <AppHeader />
      <main className="content content-wide">
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link to={back}>← All traces</Link>
        </nav>
        {TRACE_ID.test(traceId) ? (
          <TraceView traceId={traceId.toLowerCase()} />
        ) : (
          <div className="card">
            <Empty title="Not a trace ID">A trace ID is 32 hexadecimal characters.</Empty>
          </div>
        )}
      </main>
    </div>
  );
}

function TraceView({ traceId }: { traceId: string }) {
  const trace = useTrace(traceId);
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('span');
  const tree = useMemo(() => (trace.data ? buildSpanTree(trace.data.spans) : null), [trace.data]);
  const select = useCallback(
    (spanId: string | null) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (spanId) next.set('span', spanId);
          else next.delete('span');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const selected = tree && selectedId ? tree.nodes[tree.byId.get(selectedId) ?? -1] : undefined;
  const firstError = useMemo(() => tree?.nodes.find((n) => n.span.status === 'error'), [tree]);
  const models = useMemo(() => [...new Set(trace.data?.spans.map((s) => s.model).filter((m): m is string => !!m))].sort(), [trace.data]);

  // Esc closes the panel from anywhere on the page (the tree handles it itself when focused).
  useEffect(() => {
    if (!selectedId) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) select(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selectedId, select]);

  if (trace.isPending) return <Loading label="Loading trace…" />;
  if (trace.isError)
    return isStatus(trace.error, 404) ? (
      <div className="card">
        <Empty title="Trace not found">
          No trace <code>{traceId}</code> in this workspace: it may be older than the retention period, or not sent yet.
        </Empty>
      </div>
    ) : (
      <ErrorState error={trace.error} onRetry={() => trace.refetch()} />
    );
  const t = trace.data;
  const root = tree!.nodes[0];
  return (
    <div className="section trace-view">
      <div className="trace-head">
        <div className="trace-title">
          <h1 className="page-title">{t.name ?? '(unnamed trace)'}</h1>
          {root && <span className={`kind kind-${root.span.kind}`}>{root.span.kind}</span>}
          <StatusBadge status={t.status} />
        </div>
        <dl className="trace-facts">
          <div>
            <dt>Trace ID</dt>
            <dd className="id-row">
              <code>{t.traceId}</code> <CopyButton value={t.traceId} label="Copy trace ID" />
            </dd>
          </div>
          <div>
            <dt>Start</dt>
            <dd>
              <time dateTime={t.startTime}>{formatStart(t.startTime)}</time>
            </dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd>{formatDurationMs(t.durationMs)}</dd>
          </div>
          <div>
            <dt>Spans</dt>
            <dd>{formatTokens(t.spanCount)}</dd>
          </div>
          <div>
            <dt>Tokens</dt>
            <dd>{formatTokens(t.totalTokens)}</dd>
          </div>
          <div>
            <dt>Cost</dt>
            <dd>{formatCost(t.totalCostUsd)}</dd>
          </div>
          {models.length > 0 && (
            <div>
              <dt>Models</dt>
              <dd>
                {models.map((m) => (
                  <Badge key={m}>{m}</Badge>
                ))}
              </dd>
            </div>
          )}
        </dl>
        <div className="trace-actions">
          {firstError && (
            <Button size="sm" variant="danger" onClick={() => select(firstError.span.spanId)}>
              Go to first error
            </Button>
          )}
          <CopyButton value={window.location.origin + window.location.pathname + window.location.search} label="Copy link" />
        </div>
      </div>
      <div className={`trace-body ${selected ? 'with-panel' : ''}`}>
        <div className="card card-flush trace-waterfall">
          {tree!.nodes.length === 0 ? (
            <Empty title="No spans" />
          ) : (
            <Waterfall tree={tree!} selectedId={selectedId} onOpen={select} onClose={() => select(null)} panelOpen={!!selected} />
          )}
        </div>
        {selected && <SpanPanel key={selected.span.spanId} node={selected} traceStartUs={tree!.startUs} onClose={() => select(null)} />}
      </div>
      <p className="muted kbd-hint">
        <kbd>↑</kbd> <kbd>↓</kbd> move through spans · <kbd>←</kbd> <kbd>→</kbd> collapse and expand · <kbd>Enter</kbd> opens a span ·{' '}
        <kbd>Esc</kbd> closes it
      </p>
    </div>
  );
}
