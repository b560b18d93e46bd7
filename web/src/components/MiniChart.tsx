export interface MiniPoint {
  /** bucket start (ISO) */
  start: string;
  value: number | null;
}

/**
 * A small bar chart for a header of metrics: a headline value over a sparkline of buckets. The SVG has an
 * accessible name with the headline and peak; each bar has a title with its bucket and value.
 */
export function MiniChart({
  title,
  headline,
  points,
  format,
  tone = 'default',
  bucketLabel,
}: {
  title: string;
  headline: string;
  points: MiniPoint[];
  format: (n: number) => string;
  tone?: 'default' | 'danger';
  bucketLabel: (iso: string) => string;
}) {
  const w = 200;
  const h = 40;
  const values = points.map((p) => p.value ?? 0);
  const max = Math.max(0, ...values);
  const gap = points.length > 60 ? 0 : 1;
  const bar = points.length ? Math.max(0.5, (w - gap * (points.length - 1)) / points.length) : 0;
  return (
    <figure className="mini-chart" data-testid={`chart-${title}`}>
      <figcaption className="mini-chart-title">{title}</figcaption>
      <p className="mini-chart-value">{headline}</p>
      <svg
        viewBox={`0 0 ${w} ${h}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${title}: ${headline}${points.length ? `, peak ${format(max)} per bucket` : ''}`}
      >
        <line x1="0" x2={w} y1={h - 0.5} y2={h - 0.5} className="chart-axis" />
        {points.map((p, i) => {
          const v = p.value ?? 0;
          const bh = v <= 0 || max === 0 ? 0 : Math.max(1.5, (v / max) * (h - 2));
          return (
            <rect key={p.start} x={i * (bar + gap)} y={h - bh} width={bar} height={bh} className={`mini-bar mini-bar-${tone}`}>
              <title>{`${bucketLabel(p.start)}: ${p.value === null ? 'no data' : format(v)}`}</title>
            </rect>
          );
        })}
      </svg>
    </figure>
  );
}
