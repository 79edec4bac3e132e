import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useStudio, type LogEntry } from '../state/store';
import { SERIES } from './colors';
import { fmtNum } from './format';

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
  series: Series[];
  yLabel?: string;
  yDomain?: [number | string, number | string];
  scale?: 'linear' | 'log';
}

const markerLabel = (m: LogEntry) => (m.kind === 'table' ? 'table' : m.text.split(' ')[0]);

/** A streaming line chart over steps, with a marker at every logged change. */
export function StepChart({ title, testId, data, series, yLabel, yDomain, scale = 'linear' }: Props) {
  const log = useStudio((s) => s.log);
  const markers = log.filter((e) => e.marker);
  return (
    <section className="card" data-testid={testId}>
      <h3>{title}</h3>
      <div style={{ height: 210 }}>
        {data.length === 0 ? (
          <div className="muted" style={{ padding: 40, textAlign: 'center' }}>
            No steps yet. Start a search.
          </div>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data as object[]} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="#eef2f7" />
              <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} tick={{ fontSize: 11 }} />
              <YAxis
                tick={{ fontSize: 11 }}
                width={52}
                scale={scale}
                domain={yDomain ?? ['auto', 'auto']}
                tickFormatter={(v: number) => fmtNum(v, 3)}
                label={yLabel ? { value: yLabel, angle: -90, position: 'insideLeft', fontSize: 11, fill: '#64748b' } : undefined}
              />
              <Tooltip formatter={(v) => fmtNum(typeof v === 'number' ? v : Number(v), 4)} labelFormatter={(l) => `step ${l}`} isAnimationActive={false} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {series.map((s) => (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.name}
                  stroke={s.color}
                  strokeDasharray={s.dashed ? '5 3' : undefined}
                  dot={s.sparse ? { r: 3 } : false}
                  connectNulls={s.sparse}
                  isAnimationActive={false}
                  strokeWidth={1.6}
                />
              ))}
              {markers.map((m) => (
                <ReferenceLine
                  key={m.id}
                  x={m.step}
                  stroke={m.kind === 'table' ? SERIES.table : SERIES.marker}
                  strokeDasharray="3 3"
                  ifOverflow="extendDomain"
                  label={{ value: markerLabel(m), position: 'insideTopRight', fontSize: 10, fill: m.kind === 'table' ? SERIES.table : SERIES.marker }}
                  className="change-marker"
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </section>
  );
}
