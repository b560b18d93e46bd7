import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatMicros, visibleNodes, type SpanTree, type TreeSpan } from '../../lib/traces';

const ROW_HEIGHT = 30;
const INDENT = 14;
const MAX_INDENT_LEVELS = 24;

export const rowDomId = (spanId: string) => `span-row-${spanId}`;

/**
 * The span tree and its waterfall timeline, one row per span (tree cell | timeline cell), virtualized:
 * only the rows in view (plus some overscan) are in the DOM, so a 10,000-span trace renders and scrolls
 * like a small one. Bars are placed from microsecond offsets (see isoToMicros).
 *
 * Keyboard (WAI-ARIA tree, focus stays on the tree and moves with aria-activedescendant):
 * ↑/↓ previous/next span, Home/End first/last, → expand (or go to the first child), ← collapse (or go
 * to the parent), Enter opens the span's details, Esc closes them.
 */
export function Waterfall({
  tree,
  selectedId,
  onOpen,
  onClose,
  panelOpen,
}: {
  tree: SpanTree;
  selectedId: string | null;
  onOpen: (spanId: string) => void;
  onClose: () => void;
  panelOpen: boolean;
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(() => visibleNodes(tree, collapsed), [tree, collapsed]);
  const rowIndex = useMemo(() => {
    const m = new Map<string, number>();
    rows.forEach((r, i) => m.set(r.span.spanId, i));
    return m;
  }, [rows]);
  const [activeId, setActiveId] = useState<string | null>(() => selectedId ?? rows[0]?.span.spanId ?? null);
  const active = activeId !== null && rowIndex.has(activeId) ? rowIndex.get(activeId)! : 0;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  // A selection from outside (deep link, "first error"): make it the active row and bring it into view.
  useEffect(() => {
    if (!selectedId) return;
    const node = tree.nodes[tree.byId.get(selectedId) ?? -1];
    if (!node) return;
    // expand its ancestors
    const hidden: string[] = [];
    for (let p = node.parentIndex; p !== null; p = tree.nodes[p].parentIndex) {
      const id = tree.nodes[p].span.spanId;
      if (collapsed.has(id)) hidden.push(id);
    }
    if (hidden.length) setCollapsed((c) => new Set([...c].filter((id) => !hidden.includes(id))));
    setActiveId(selectedId);
  }, [selectedId, tree]);
  useEffect(() => {
    const i = activeId ? rowIndex.get(activeId) : undefined;
    if (i !== undefined) virtualizer.scrollToIndex(i, { align: 'auto' });
  }, [activeId, rowIndex, virtualizer]);

  const move = (i: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, i))];
    if (!row) return;
    setActiveId(row.span.spanId);
    if (panelOpen) onOpen(row.span.spanId); // an open panel follows the keyboard
  };
  const toggle = (node: TreeSpan, open?: boolean) =>
    setCollapsed((c) => {
      const next = new Set(c);
      const isCollapsed = next.has(node.span.spanId);
      if (open ?? isCollapsed) next.delete(node.span.spanId);
      else next.add(node.span.spanId);
      return next;
    });

  const onKeyDown = (e: React.KeyboardEvent) => {
    const node = rows[active];
    switch (e.key) {
      case 'ArrowDown':
        move(active + 1);
        break;
      case 'ArrowUp':
        move(active - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(rows.length - 1);
        break;
      case 'PageDown':
        move(active + 15);
        break;
      case 'PageUp':
        move(active - 15);
        break;
      case 'ArrowRight':
        if (!node || node.childCount === 0) break;
        if (collapsed.has(node.span.spanId)) toggle(node, true);
        else move(active + 1);
        break;
      case 'ArrowLeft':
        if (!node) break;
        if (node.childCount > 0 && !collapsed.has(node.span.spanId)) toggle(node, false);
        else if (node.parentIndex !== null) move(rowIndex.get(tree.nodes[node.parentIndex].span.spanId) ?? active);
        break;
      case 'Enter':
      case ' ':
        if (node) onOpen(node.span.spanId);
        break;
      case 'Escape':
        onClose();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const total = Math.max(1, tree.endUs - tree.startUs);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const activeRow = rows[active];
  return (
    <div className="waterfall">
      <div className="waterfall-head" aria-hidden="true">
        <div className="wf-tree-cell">Span</div>
        <div className="wf-time-cell wf-axis">
          {ticks.map((t) => (
            <span key={t} className="wf-tick" style={{ left: `${t * 100}%` }}>
              {t === 0 ? '0' : formatMicros(t * (tree.endUs - tree.startUs))}
            </span>
          ))}
        </div>
      </div>
      <div
        ref={scrollRef}
        className="waterfall-body"
        role="tree"
        aria-label="Spans"
        tabIndex={0}
        aria-activedescendant={activeRow ? rowDomId(activeRow.span.spanId) : undefined}
        onKeyDown={onKeyDown}
        data-testid="waterfall"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const node = rows[v.index];
            const s = node.span;
            const offset = node.startUs - tree.startUs;
            const dur = node.endUs === null ? null : node.endUs - node.startUs;
            const left = (offset / total) * 100;
            const width = ((dur ?? tree.endUs - node.startUs) / total) * 100;
            const isOpen = node.childCount > 0 && !collapsed.has(s.spanId);
            const error = s.status === 'error';
            const label = `${s.name}, ${s.kind}${error ? ', error' : ''}, ${dur === null ? 'still running' : formatMicros(dur)}`;
            return (
              <div
                key={s.spanId}
                id={rowDomId(s.spanId)}
                role="treeitem"
                aria-label={label}
                aria-level={node.depth + 1}
                aria-expanded={node.childCount > 0 ? isOpen : undefined}
                aria-selected={s.spanId === selectedId}
                data-span-id={s.spanId}
                data-offset-us={offset}
                className={`wf-row ${v.index === active ? 'is-active' : ''} ${s.spanId === selectedId ? 'is-selected' : ''} ${error ? 'is-error' : ''}`}
                style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                onClick={() => {
                  setActiveId(s.spanId);
                  onOpen(s.spanId);
                }}
              >
                <div className="wf-tree-cell" style={{ paddingLeft: 6 + Math.min(node.depth, MAX_INDENT_LEVELS) * INDENT }}>
                  {node.childCount > 0 ? (
                    <button
                      type="button"
                      tabIndex={-1}
                      className="wf-toggle"
                      aria-label={`${isOpen ? 'Collapse' : 'Expand'} ${s.name}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        toggle(node);
                      }}
                    >
                      {isOpen ? '▾' : '▸'}
                    </button>
                  ) : (
                    <span className="wf-toggle-space" />
                  )}
                  <span className={`kind kind-${s.kind}`}>{s.kind}</span>
                  <span className="wf-name" title={s.name}>
                    {s.name}
                  </span>
                  {node.depth > MAX_INDENT_LEVELS && <span className="wf-depth muted">L{node.depth}</span>}
                  {error && (
                    <span className="wf-error" title={s.statusMessage ?? 'error'}>
                      <span aria-hidden="true">●</span> error
                    </span>
                  )}
                  {!error && node.errorBelow && !isOpen && <span className="wf-error-below" title="An error below" aria-hidden="true" />}
                </div>
                <div className="wf-time-cell">
                  <div
                    className={`wf-bar kind-bg-${s.kind} ${error ? 'wf-bar-error' : ''} ${dur === null ? 'wf-bar-open' : ''}`}
                    style={{ left: `${left}%`, width: `${width}%` }}
                    data-testid="span-bar"
                  />
                  <span className="wf-dur" style={{ left: `calc(${left + width}% + 4px)` }}>
                    {dur === null ? 'running' : formatMicros(dur)}
                  </span>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
