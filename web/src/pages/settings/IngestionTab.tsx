import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { IngestHealthDto } from '@api';
import { api, cancellable } from '../../api/client';
import { Select } from '../../components/ui/Select';
import { Badge, Empty, ErrorState, Loading, Notice } from '../../components/ui/States';
import { formatDateTime, formatNumber, relativeTime } from '../../lib/format';
import type { TabProps } from './SettingsPage';

const WINDOWS = { '1': 'Last 24 hours', '7': 'Last 7 days', '30': 'Last 30 days' } as const;
type WindowDays = keyof typeof WINDOWS;

const REASONS: { key: keyof IngestHealthDto['rejected']; label: string; unit: 'spans' | 'requests'; hint: string }[] = [
  { key: 'validation', label: 'Invalid', unit: 'spans', hint: 'Spans that failed validation (see the errors below)' },
  { key: 'quota', label: 'Over the monthly quota', unit: 'requests', hint: 'Batches refused with 402: upgrade the plan on Billing' },
  { key: 'rateLimited', label: 'Rate limited', unit: 'requests', hint: 'Requests over the ingest rate limit (429): send larger batches' },
  { key: 'tooLarge', label: 'Too large', unit: 'requests', hint: 'Bodies over 5 MB (413): send smaller batches' },
  {
    key: 'expiredOrRevokedKey',
    label: 'Expired or revoked key',
    unit: 'requests',
    hint: 'Requests with a key of this workspace that no longer works (401): use a current key',
  },
];

/**
 * Settings › Ingestion: "I sent traces but see nothing" — what happened to this workspace's telemetry (accepted,
 * sampled out, refused and why), per day, and the latest refusals with the key they came with.
 */
export function IngestionTab(_: TabProps) {
  const [days, setDays] = useState<WindowDays>('1');
  const health = useQuery({
    queryKey: ['ingest-health', days],
    queryFn: ({ signal }) => {
      const to = new Date();
      const from = new Date(to.getTime() - Number(days) * 86_400_000);
      return cancellable(signal, api.traces.getIngestHealth({ from: from.toISOString(), to: to.toISOString() }));
    },
    refetchInterval: 30_000,
  });
  return (
    <section aria-labelledby="ingestion-heading" className="section">
      <div className="section-head">
        <div>
          <h2 id="ingestion-heading">Ingestion</h2>
          <p className="muted">
            What happened to the spans sent to <code>POST /api/v1/ingest</code> and the OTLP endpoint: stored, dropped by sampling, or
            refused and why.
          </p>
        </div>
        <Select<WindowDays>
          aria-label="Period"
          value={days}
          onValueChange={setDays}
          size="sm"
          options={(Object.keys(WINDOWS) as WindowDays[]).map((d) => ({ value: d, label: WINDOWS[d] }))}
        />
      </div>
      {health.isPending ? (
        <div className="card">
          <Loading label="Loading ingestion health…" />
        </div>
      ) : health.isError ? (
        <div className="card">
          <ErrorState error={health.error} onRetry={() => health.refetch()} />
        </div>
      ) : (
        <HealthView h={health.data} />
      )}
    </section>
  );
}

function HealthView({ h }: { h: IngestHealthDto }) {
  const refused = REASONS.reduce((s, r) => s + h.rejected[r.key], 0);
  const nothing = h.accepted === 0 && h.sampledOut === 0 && refused === 0;
  return (
    <>
      {nothing && (
        <Notice>
          <span>
            Nothing arrived in this period. Check that your SDK or OpenTelemetry exporter points at this server and sends an API key of this
            workspace (<code>Authorization: Bearer ao_sk_…</code>).
          </span>
        </Notice>
      )}
      {h.sampledOut > 0 && (
        <Notice tone="info">
          <span>
            {formatNumber(h.sampledOut)} spans were dropped by sampling: the workspace&apos;s sampling rate (General) keeps only part of the
            new traces.
          </span>
        </Notice>
      )}
      {h.rejected.expiredOrRevokedKey > 0 && (
        <Notice tone="warning">
          <span>
            {formatNumber(h.rejected.expiredOrRevokedKey)} {h.rejected.expiredOrRevokedKey === 1 ? 'request' : 'requests'} used an expired,
            rotated-out or revoked API key: give the sender a current key (API Keys).
          </span>
        </Notice>
      )}
      <div className="grid-2 grid-top">
        <div className="card" aria-labelledby="ingest-totals">
          <h3 id="ingest-totals" className="card-title">
            Spans
          </h3>
          <dl className="facts" data-testid="ingest-totals">
            <div>
              <dt>Accepted</dt>
              <dd data-testid="ingest-accepted">{formatNumber(h.accepted)}</dd>
            </div>
            <div>
              <dt>Sampled out</dt>
              <dd data-testid="ingest-sampled-out">{formatNumber(h.sampledOut)}</dd>
            </div>
          </dl>
          <IngestChart daily={h.daily} />
        </div>
        <div className="card" aria-labelledby="ingest-rejected">
          <h3 id="ingest-rejected" className="card-title">
            Refused
          </h3>
          <table className="table table-compact" aria-label="Refused by reason">
            <tbody>
              {REASONS.map((r) => (
                <tr key={r.key} title={r.hint}>
                  <th scope="row">{r.label}</th>
                  <td className="num" data-testid={`rejected-${r.key}`}>
                    {formatNumber(h.rejected[r.key])}
                  </td>
                  <td className="muted">{r.unit}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="card">
        <h3 className="card-title">Latest refusals</h3>
        {h.lastErrors.length === 0 ? (
          <Empty title="No refusals in this period">Every request that arrived was accepted.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Latest refusals">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Source</th>
                  <th scope="col">Code</th>
                  <th scope="col">Message</th>
                  <th scope="col">Key</th>
                </tr>
              </thead>
              <tbody>
                {h.lastErrors.map((e, i) => (
                  <tr key={`${e.at}-${i}`}>
                    <td title={formatDateTime(e.at)}>{relativeTime(e.at)}</td>
                    <td>
                      <Badge>{e.source === 'otlp' ? 'OTLP' : 'Ingest API'}</Badge>
                    </td>
                    <td>
                      <code>{e.code}</code>
                    </td>
                    <td className="cell-wrap">{e.message}</td>
                    <td>{e.keyPrefix ? <code className="mono">{e.keyPrefix}…</code> : <span className="muted">user token</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </>
  );
}

/** Accepted, sampled out and refused per day, stacked, with the numbers in a table for screen readers. */
function IngestChart({ daily }: { daily: IngestHealthDto['daily'] }) {
  if (daily.length === 0) return null;
  const total = (d: (typeof daily)[number]) => d.accepted + d.sampledOut + d.rejected;
  const max = Math.max(1, ...daily.map(total));
  const w = 640;
  const h = 120;
  const gap = 4;
  const bar = Math.max(2, (w - gap * (daily.length - 1)) / daily.length);
  const height = (v: number) => (v === 0 ? 0 : Math.max(2, (v / max) * (h - 8)));
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${w} ${h + 18}`}
        role="img"
        aria-label="Spans per day: accepted, sampled out and refused"
        preserveAspectRatio="none"
      >
        <line x1="0" x2={w} y1={h} y2={h} className="chart-axis" />
        {daily.map((d, i) => {
          const a = height(d.accepted);
          const s = height(d.sampledOut);
          const r = height(d.rejected);
          const x = i * (bar + gap);
          return (
            <g key={d.date}>
              <title>{`${d.date}: ${d.accepted} accepted, ${d.sampledOut} sampled out, ${d.rejected} refused`}</title>
              <rect x={x} y={h - a} width={bar} height={a} className="chart-bar" />
              <rect x={x} y={h - a - s} width={bar} height={s} className="chart-bar-sampled" />
              <rect x={x} y={h - a - s - r} width={bar} height={r} className="chart-bar-refused" />
            </g>
          );
        })}
        <text x="0" y={h + 14} className="chart-label">
          {daily[0].date}
        </text>
        <text x={w} y={h + 14} className="chart-label" textAnchor="end">
          {daily[daily.length - 1].date}
        </text>
      </svg>
      <figcaption className="muted">
        Per day (UTC): <span className="legend legend-accepted">accepted</span> <span className="legend legend-sampled">sampled out</span>{' '}
        <span className="legend legend-refused">refused</span>
      </figcaption>
      <table className="sr-only">
        <caption>Spans per day</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Accepted</th>
            <th scope="col">Sampled out</th>
            <th scope="col">Refused</th>
          </tr>
        </thead>
        <tbody>
          {daily.map((d) => (
            <tr key={d.date}>
              <td>{d.date}</td>
              <td>{d.accepted}</td>
              <td>{d.sampledOut}</td>
              <td>{d.rejected}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
