import { memo, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useMarkers } from '../selectors';
import type { LogEntry } from '../slice';
import { notify } from '../../../app/notices';
import { errorMessage } from '../../../engine/errors';
import { saveChartPng } from '../../../shared/chart-image';
import { SERIES } from '../../../shared/colors';
import { fmtNum } from '../../../shared/format';
import { fixedAxis, linePath, logAxis, nearestIndex, scale, stackLabels, stepAxis, valueAxis } from '../../../shared/plot-scale';
import { useWidth } from '../../../shared/use-width';

export interface Series {
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
  /** Sparse series (one point per epoch) are joined across the gaps and drawn with dots. */
  sparse?: boolean;
}

type Row = { step: number };

interface Props {
  title: string;
  testId: string;
  data: readonly Row[];
  /** Keep it stable (a module constant): a new array redraws every line. */
  series: readonly Series[];
  yLabel: string;
  yDomain?: readonly [number, number];
  /** Offers a log-scale toggle (the loss moves by orders of magnitude when β changes). */
  logToggle?: boolean;
}

const HEIGHT = 196;
const M = { top: 8, right: 16, bottom: 34, left: 56 };
const GRID = { stroke: 'var(--grid)' };
const AXIS = { stroke: 'var(--axis)' };
const MARKER_ROW = 11;

const valueAt = (r: Row, key: string) => {
  const v = (r as unknown as Record<string, unknown>)[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};
const markerLabel = (m: LogEntry) => (m.kind === 'table' ? 'table' : m.text.split(' ')[0]);
const markerColor = (m: LogEntry) => (m.kind === 'table' ? SERIES.table : SERIES.marker);

/**
 * Everything drawn that depends on the data, computed once per data change. Plain SVG rather than a
 * chart library: the library re-rendered each chart in tens of ms on every step (while a search
 * runs that is the main thread's only work, and it stalled input); this is a few paths.
 */
function geometry(
  data: readonly Row[],
  series: readonly Series[],
  markers: readonly LogEntry[],
  yDomain: Props['yDomain'],
  width: number,
  log: boolean,
) {
  const steps = data.map((r) => r.step);
  const marks = markers.map((m) => m.step);
  const x = stepAxis(Math.min(steps[0] ?? Infinity, ...marks), Math.max(steps[steps.length - 1] ?? -Infinity, ...marks));
  const values = series.map((s) => data.map((r) => valueAt(r, s.key)));
  // On the log scale a value is drawn at its exponent; a value ≤ 0 has none and leaves a gap.
  const at = (v: number | null) => (v == null ? null : !log ? v : v > 0 ? Math.log10(v) : null);
  let lo = Infinity;
  let hi = -Infinity;
  for (const vs of values) for (const v of vs) if (at(v) != null) [lo, hi] = [Math.min(lo, v!), Math.max(hi, v!)];
  const y = log ? logAxis(lo, hi) : yDomain ? fixedAxis(yDomain[0], yDomain[1]) : valueAxis(lo, hi);
  const sx = scale(x.domain, [M.left, Math.max(M.left + 1, width - M.right)]);
  /** Position of an axis coordinate (a value, or on the log scale an exponent). */
  const tickY = scale(y.domain, [HEIGHT - M.bottom, M.top]);
  const sy = (v: number | null) => {
    const a = at(v);
    return a == null ? null : tickY(a);
  };
  const xs = steps.map(sx);
  const lines = series.map((s, i) => {
    const ys = values[i].map(sy);
    const dots = s.sparse ? ys.flatMap((v, j) => (v == null ? [] : [[xs[j], v] as const])) : [];
    return { s, d: linePath(xs, ys, s.sparse), dots };
  });
  // Change markers at nearby steps stack their labels in rows instead of running together ("βτα").
  const labels = markers.map(markerLabel);
  const rows = stackLabels(
    marks.map((m) => sx(m) - 3),
    labels.map((l) => 6.5 * l.length + 2),
  );
  const tick = (t: number) => fmtNum(log ? 10 ** t : t, 3);
  return { steps, x, y, sx, sy, tickY, tick, lines, values, labels, rows };
}

/** A streaming line chart over steps, with a marker at every logged change, a hover readout and a PNG export. */
export const StepChart = memo(function StepChart({ title, testId, data, series, yLabel, yDomain, logToggle }: Props) {
  const markers = useMarkers();
  const [ref, width] = useWidth<HTMLDivElement>();
  const [hover, setHover] = useState<number | null>(null);
  const [log, setLog] = useState(false);
  const svg = useRef<SVGSVGElement>(null);
  const g = useMemo(() => geometry(data, series, markers, yDomain, width, log), [data, series, markers, yDomain, width, log]);
  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const px = e.clientX - e.currentTarget.getBoundingClientRect().left;
    const [d0, d1] = g.x.domain;
    const step = d0 + ((px - M.left) / Math.max(1, width - M.left - M.right)) * (d1 - d0);
    const i = nearestIndex(g.steps, step);
    setHover(i < 0 ? null : i);
  };
  const saveImage = () => {
    if (!svg.current) return;
    saveChartPng(svg.current, title, series, `fbnet-${testId}-step${data.at(-1)?.step ?? 0}.png`).catch((err: unknown) =>
      notify('error', `The chart image could not be made: ${errorMessage(err)}`),
    );
  };
  const h = hover != null && hover < data.length ? hover : null;
  const bottom = HEIGHT - M.bottom;
  return (
    <section className="card" data-testid={testId}>
      <div className="chart-head">
        <h3>{title}</h3>
        {logToggle && (
          <label className="small">
            <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> log scale
          </label>
        )}
        <button type="button" className="chart-save" onClick={saveImage} disabled={!data.length} aria-label={`Save ${title} as PNG`}>
          PNG
        </button>
      </div>
      <div className="step-chart" ref={ref}>
        {width > 0 && (
          <svg
            ref={svg}
            role="img"
            aria-label={title}
            width={width}
            height={HEIGHT}
            className="plot"
            onMouseMove={data.length ? onMove : undefined}
            onMouseLeave={() => setHover(null)}
          >
            {g.y.ticks.map((t) => (
              <g key={`y${t}`}>
                <line x1={M.left} x2={width - M.right} y1={g.tickY(t)} y2={g.tickY(t)} style={GRID} />
                <text x={M.left - 6} y={g.tickY(t)} dy="0.32em" textAnchor="end" className="plot-tick y-tick">
                  {g.tick(t)}
                </text>
              </g>
            ))}
            {g.x.ticks.map((t) => (
              <g key={`x${t}`}>
                <line x1={g.sx(t)} x2={g.sx(t)} y1={M.top} y2={bottom} style={GRID} />
                <text x={g.sx(t)} y={bottom + 14} textAnchor="middle" className="plot-tick">
                  {t}
                </text>
              </g>
            ))}
            <path d={`M${M.left},${M.top}V${bottom}H${width - M.right}`} style={AXIS} fill="none" />
            <text x={(M.left + width - M.right) / 2} y={HEIGHT - 3} textAnchor="middle" className="plot-label" data-testid="x-label">
              step
            </text>
            <text
              transform={`translate(12 ${(M.top + bottom) / 2}) rotate(-90)`}
              textAnchor="middle"
              className="plot-label"
              data-testid="y-label"
            >
              {log ? `${yLabel} (log scale)` : yLabel}
            </text>
            {g.lines.map(({ s, d, dots }) => (
              <g key={s.key}>
                <path
                  d={d}
                  className="plot-line"
                  data-testid="chart-line"
                  stroke={s.color}
                  strokeWidth={1.6}
                  strokeDasharray={s.dashed ? '5 3' : undefined}
                  fill="none"
                />
                {dots.map(([cx, cy]) => (
                  <circle key={cx} cx={cx} cy={cy} r={3} style={{ fill: 'var(--card)' }} stroke={s.color} />
                ))}
              </g>
            ))}
            {markers.map((m, i) => (
              <g key={m.id} className="change-marker">
                <line x1={g.sx(m.step)} x2={g.sx(m.step)} y1={M.top} y2={bottom} stroke={markerColor(m)} strokeDasharray="3 3" />
                <text
                  x={g.sx(m.step) - 3}
                  y={M.top + 10 + g.rows[i] * MARKER_ROW}
                  textAnchor="end"
                  fontSize={10}
                  fill={markerColor(m)}
                  data-testid="marker-label"
                >
                  {g.labels[i]}
                </text>
              </g>
            ))}
            {h != null && (
              <g pointerEvents="none">
                <line x1={g.sx(g.steps[h])} x2={g.sx(g.steps[h])} y1={M.top} y2={bottom} style={AXIS} />
                {series.map((s, i) => {
                  const y = g.sy(g.values[i][h]);
                  return y == null ? null : (
                    <circle
                      key={s.key}
                      cx={g.sx(g.steps[h])}
                      cy={y}
                      r={4}
                      fill={s.color}
                      style={{ stroke: 'var(--card)' }}
                      strokeWidth={2}
                    />
                  );
                })}
              </g>
            )}
          </svg>
        )}
        {h != null && (
          <div
            className="plot-tip"
            style={g.sx(g.steps[h]) > width - 170 ? { right: width - g.sx(g.steps[h]) + 10 } : { left: g.sx(g.steps[h]) + 10 }}
          >
            <div>step {g.steps[h]}</div>
            {series.map((s, i) =>
              g.values[i][h] == null ? null : (
                <div key={s.key} style={{ color: s.color }}>
                  {s.name} : {fmtNum(g.values[i][h], 4)}
                </div>
              ),
            )}
          </div>
        )}
        <div className="plot-legend">
          {series.map((s) => (
            <span key={s.key} style={{ color: s.color }}>
              <svg width="16" height="8" aria-hidden="true">
                <line x1="0" x2="16" y1="4" y2="4" stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? '4 2' : undefined} />
              </svg>
              {s.name}
            </span>
          ))}
        </div>
        {data.length === 0 && <div className="muted step-chart-empty">No steps yet. Start a search.</div>}
      </div>
    </section>
  );
});
