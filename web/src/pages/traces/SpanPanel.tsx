import type { SpanDto } from '@api';
import { CopyButton } from '../../components/ui/CopyButton';
import { Button } from '../../components/ui/Button';
import { chatMessages, formatCost, formatMicros, messageText, prettyJson, type TreeSpan } from '../../lib/traces';
import { KindBadge, StatusBadge } from './badges';

/** "07:20:10.123456" (UTC) from an ISO time with microseconds. */
const clockUs = (iso: string | null) => (iso ? (/T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)/.exec(iso)?.[1] ?? iso) : '—');

/** The selected span: status message, timing, model, usage, cost, input/output, attributes; copy buttons. */
export function SpanPanel({ node, traceStartUs, onClose }: { node: TreeSpan; traceStartUs: number; onClose: () => void }) {
  const s = node.span;
  const dur = node.endUs === null ? null : node.endUs - node.startUs;
  return (
    <aside className="span-panel card" aria-label="Span details" data-span-id={s.spanId}>
      <div className="span-panel-head">
        <div className="span-panel-title">
          <KindBadge kind={s.kind} />
          <h2>{s.name}</h2>
          <StatusBadge status={s.status} />
        </div>
        <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close span details">
          ✕
        </Button>
      </div>
      {s.status === 'error' && (
        <div className="alert alert-error alert-compact" role="note" aria-label="Status message">
          <p className="alert-title">Error</p>
          <p className="alert-detail">{s.statusMessage ?? 'No status message.'}</p>
        </div>
      )}
      {s.status !== 'error' && s.statusMessage && <p className="muted">{s.statusMessage}</p>}
      <dl className="span-facts">
        <div>
          <dt>Span ID</dt>
          <dd className="id-row">
            <code>{s.spanId}</code> <CopyButton value={s.spanId} label="Copy span ID" />
          </dd>
        </div>
        {s.parentSpanId && (
          <div>
            <dt>Parent</dt>
            <dd>
              <code>{s.parentSpanId}</code>
            </dd>
          </div>
        )}
        <div>
          <dt>Start (UTC)</dt>
          <dd>
            <code>{clockUs(s.startTime)}</code> <span className="muted">+{formatMicros(node.startUs - traceStartUs)}</span>
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{dur === null ? 'still running' : formatMicros(dur)}</dd>
        </div>
        <div>
          <dt>Model</dt>
          <dd>{s.model ?? '—'}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>
            {s.usage ? (
              <span>
                {s.usage.inputTokens} in · {s.usage.outputTokens} out · {s.usage.totalTokens} total
              </span>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(s.costUsd)}</dd>
        </div>
      </dl>
      <Payload title="Input" value={s.input} />
      <Payload title="Output" value={s.output} />
      <Payload title="Attributes" value={s.attributes && Object.keys(s.attributes).length ? s.attributes : null} />
    </aside>
  );
}

function Payload({ title, value }: { title: string; value: SpanDto['input'] }) {
  if (value === null || value === undefined) return null;
  const messages = chatMessages(value);
  const json = prettyJson(value);
  return (
    <section className="payload" aria-label={title}>
      <div className="payload-head">
        <h3>{title}</h3>
        <CopyButton value={typeof value === 'string' ? value : JSON.stringify(value, null, 2)} label={`Copy ${title.toLowerCase()} JSON`} />
      </div>
      {messages ? (
        <ol className="conversation" aria-label={`${title} conversation`}>
          {messages.map((m, i) => (
            <li key={i} className={`message message-${m.role}`}>
              <span className="message-role">{m.role}</span>
              <div className="message-content">{messageText(m.content)}</div>
            </li>
          ))}
        </ol>
      ) : (
        <pre className="json">{json}</pre>
      )}
    </section>
  );
}
