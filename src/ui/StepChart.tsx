import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useMarkers } from '../state/selectors';
import type { LogEntry } from '../state/store';
import { SERIES } from './colors';
import { fmtNum } from './format';
import { useStaggered } from './stagger';

export interface Series {
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
  /** Sparse series (one point per epoch) are joined across the gaps. */
  sparse?: boolean;
}

interface Props {
  title: string;
  testId: string;
  data: readonly object[];
  /** Keep it stable (a module constant): a new array redraws every line. */
  series: readonly Series[];
  yLabel?: string;
  yDomain?: readonly [number | string, number | string];
  scale?: 'linear' | 'log';
}

// recharts 3 copies axis, legend and tooltip props into its internal store from effects keyed on
// them: a prop that is a new object each render costs a store update and a second render per chart.
const MARGIN = { top: 8, right: 16, bottom: 0, left: 0 };
const X_DOMAIN = ['dataMin', 'dataMax'];
const AUTO_DOMAIN = ['auto', 'auto'];
const TICK = { fontSize: 11 };
const LEGEND_STYLE = { fontSize: 12 };
const SPARSE_DOT = { r: 3 };
const tickFormat = (v: number) => fmtNum(v, 3);
const tipFormat = (v: unknown) => fmtNum(typeof v === 'number' ? v : Number(v), 4);
const tipLabel = (l: unknown) => `step ${l}`;

const markerLabel = (m: LogEntry) => (m.kind === 'table' ? 'table' : m.text.split(' ')[0]);

function markerLines(markers: readonly LogEntry[]) {
  return markers.map((m) => {
    const color = m.kind === 'table' ? SERIES.table : SERIES.marker;
    return (
      <ReferenceLine
        key={m.id}
        x={m.step}
        stroke={color}
        strokeDasharray="3 3"
        ifOverflow="extendDomain"
        label={{ value: markerLabel(m), position: 'insideTopRight', fontSize: 10, fill: color }}
        className="change-marker"
      />
    );
  });
}

function seriesLines(series: readonly Series[]) {
  return series.map((s) => (
    <Line
      key={s.key}
      dataKey={s.key}
      name={s.name}
      stroke={s.color}
      strokeDasharray={s.dashed ? '5 3' : undefined}
      dot={s.sparse ? SPARSE_DOT : false}
      connectNulls={s.sparse}
      isAnimationActive={false}
      strokeWidth={1.6}
    />
  ));
}

/** A streaming line chart over steps, with a marker at every logged change. */
export const StepChart = memo(function StepChart({ title, testId, data: latest, series, yLabel, yDomain, scale = 'linear' }: Props) {
  const data = useStaggered(latest);
  const markers = useStaggered(useMarkers());
  // Unchanged elements are skipped by React: only the data (and the axes it moves) re-render per step.
  const lines = useMemo(() => seriesLines(series), [series]);
  const markerEls = useMemo(() => markerLines(markers), [markers]);
  const label = useMemo(() => (yLabel ? { value: yLabel, angle: -90, position: 'insideLeft' as const, fontSize: 11, fill: '#64748b' } : undefined), [yLabel]);
  // Mounted before the first step and kept through an empty run: mounting a chart costs several times
  // what updating one does, and that would otherwise land on the first step.
  const mounted = useStaggered(true, false);
  return (
    <section className="card" data-testid={testId}>
      <h3>{title}</h3>
      <div className="step-chart">
        {mounted && (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data as object[]} margin={MARGIN}>
              <CartesianGrid stroke="#eef2f7" />
              <XAxis dataKey="step" type="number" domain={X_DOMAIN} allowDecimals={false} tick={TICK} />
              <YAxis tick={TICK} width={52} scale={scale} domain={(yDomain ?? AUTO_DOMAIN) as [number, number]} tickFormatter={tickFormat} label={label} />
              <Tooltip formatter={tipFormat} labelFormatter={tipLabel} isAnimationActive={false} />
              <Legend wrapperStyle={LEGEND_STYLE} />
              {lines}
              {markerEls}
            </LineChart>
          </ResponsiveContainer>
        )}
        {data.length === 0 && <div className="muted step-chart-empty">No steps yet. Start a search.</div>}
      </div>
    </section>
  );
});
