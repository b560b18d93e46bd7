import { formatNumber } from '../lib/format';

/** Daily new traces as an SVG bar chart, with the numbers in a table for screen readers. */
export function DailyChart({ data }: { data: { date: string; traces: number }[] }) {
  if (data.length === 0) return <p className="muted">No days in this period yet.</p>;
  const max = Math.max(1, ...data.map((d) => d.traces));
  const w = 640;
  const h = 140;
  const gap = 2;
  const bar = Math.max(2, (w - gap * (data.length - 1)) / data.length);
  const total = data.reduce((s, d) => s + d.traces, 0);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${w} ${h + 18}`}
        role="img"
        aria-label={`Daily traces: ${formatNumber(total)} this period, at most ${formatNumber(max)} in a day`}
        preserveAspectRatio="none"
      >
        <line x1="0" x2={w} y1={h} y2={h} className="chart-axis" />
        {data.map((d, i) => {
          const bh = d.traces === 0 ? 0 : Math.max(2, (d.traces / max) * (h - 8));
          return (
            <rect key={d.date} x={i * (bar + gap)} y={h - bh} width={bar} height={bh} className="chart-bar" rx="1.5">
              <title>{`${d.date}: ${formatNumber(d.traces)} traces`}</title>
            </rect>
          );
        })}
        <text x="0" y={h + 14} className="chart-label">
          {data[0].date}
        </text>
        <text x={w} y={h + 14} className="chart-label" textAnchor="end">
          {data[data.length - 1].date}
        </text>
      </svg>
      <figcaption className="muted">New traces per day (UTC), peak {formatNumber(max)}.</figcaption>
      <table className="sr-only">
        <caption>Traces per day</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Traces</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.date}>
              <td>{d.date}</td>
              <td>{d.traces}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
