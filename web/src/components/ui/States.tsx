import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { problemOf, type Problem } from '../../api/client';
import { Button } from './Button';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children && <div className="state-body">{children}</div>}
    </div>
  );
}

/** Shows a problem+json `detail` (and field errors); a 402 explains the plan limit and links to Billing. */
export function ProblemAlert({
  error,
  problem,
  onRetry,
  compact,
}: {
  error?: unknown;
  problem?: Problem;
  onRetry?: () => void;
  compact?: boolean;
}) {
  const p = problem ?? problemOf(error);
  return (
    <div className={`alert alert-error ${compact ? 'alert-compact' : ''}`.trim()} role="alert">
      <p className="alert-title">{p.status === 402 ? 'Plan limit reached' : p.title}</p>
      <p className="alert-detail">{p.detail}</p>
      {p.errors && p.errors.length > 0 && (
        <ul className="alert-list">
          {p.errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {p.status === 402 && (
        <p className="alert-detail">
          Your plan does not allow more. <Link to="/dashboard/settings/billing">Compare plans and upgrade in Billing</Link>.
        </p>
      )}
      {p.status === 429 && <p className="alert-detail">Too many requests: wait a moment and try again.</p>}
      {onRetry && (
        <div className="alert-actions">
          <Button size="sm" onClick={onRetry}>
            Try again
          </Button>
        </div>
      )}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return <ProblemAlert error={error} onRetry={onRetry} />;
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'warning' | 'success' }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'warning' ? 'note' : undefined}>
      {children}
    </div>
  );
}

export function Badge({
  children,
  tone = 'neutral',
}: {
  children: ReactNode;
  tone?: 'neutral' | 'success' | 'warning' | 'danger' | 'info';
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** A labelled usage bar; `limit` null = unlimited. */
export function UsageBar({
  label,
  used,
  limit,
  format = (n) => String(n),
}: {
  label: string;
  used: number;
  limit: number | null;
  format?: (n: number) => string;
}) {
  const pct = limit === null || limit === 0 ? (limit === 0 && used > 0 ? 100 : 0) : Math.min(100, (used / limit) * 100);
  const tone = limit === null ? 'ok' : pct >= 100 ? 'full' : pct >= 80 ? 'high' : 'ok';
  const text = limit === null ? `${format(used)} of unlimited` : `${format(used)} of ${format(limit)}`;
  return (
    <div className="usage">
      <div className="usage-head">
        <span className="usage-label">{label}</span>
        <span className="usage-value">{text}</span>
      </div>
      <div
        className={`usage-track usage-${tone}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={limit ?? undefined}
        aria-valuenow={used}
        aria-valuetext={text}
      >
        <div className="usage-fill" style={{ width: `${limit === null ? 0 : pct}%` }} />
      </div>
    </div>
  );
}
