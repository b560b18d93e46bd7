import type { SpanStatus } from '@api';
import { Badge } from '../../components/ui/States';

const STATUS_TONE = { ok: 'success', error: 'danger', unset: 'neutral' } as const;
const STATUS_LABEL = { ok: 'OK', error: 'Error', unset: 'Unset' } as const;

export function StatusBadge({ status }: { status: SpanStatus }) {
  return <Badge tone={STATUS_TONE[status] ?? 'neutral'}>{STATUS_LABEL[status] ?? status}</Badge>;
}

/** A span kind as a small coloured tag (the same colour as its bars in the timeline). */
export function KindBadge({ kind }: { kind: string }) {
  return <span className={`kind kind-${kind}`}>{kind}</span>;
}
