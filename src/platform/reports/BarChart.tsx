/**
 * A small horizontal bar chart drawn on the server as SVG: no script, no chart library. It is a
 * picture of the table printed next to it, which stays the accessible truth: the chart is one image
 * with a text alternative (its title), not a second set of figures for screen readers to read.
 */
export interface Bar {
  readonly label: string;
  readonly value: number;
  /** The value as the table prints it ("12,5 Tage"); the number itself if absent. */
  readonly display?: string;
}

const ROW = 26;
const LABEL_WIDTH = 220;
const BAR_WIDTH = 300;
const VALUE_WIDTH = 110;

export function BarChart({ title, bars, max }: { title: string; bars: readonly Bar[]; max?: number }) {
  const top = Math.max(max ?? 0, ...bars.map((bar) => bar.value), 0);
  const height = Math.max(1, bars.length) * ROW + 4;
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  return (
    <svg
      class="report-chart"
      role="img"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={`max-width:${width}px`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{title}</title>
      {bars.map((bar, i) => {
        const y = i * ROW + 2;
        const length = top > 0 ? Math.max(0, (bar.value / top) * BAR_WIDTH) : 0;
        return (
          <g key={bar.label}>
            <text x={LABEL_WIDTH - 8} y={y + ROW / 2 + 4} text-anchor="end" font-size="13" fill="currentColor">
              {shorten(bar.label)}
            </text>
            <rect x={LABEL_WIDTH} y={y + 4} width={length.toFixed(1)} height={ROW - 8} fill="#1f5fad" />
            <text x={LABEL_WIDTH + length + 6} y={y + ROW / 2 + 4} font-size="13" fill="currentColor">
              {bar.display ?? String(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function shorten(label: string): string {
  return label.length > 30 ? `${label.slice(0, 29)}…` : label;
}
