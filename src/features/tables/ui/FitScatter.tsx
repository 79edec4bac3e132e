import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtNum } from '../../../shared/format';

interface Props {
  points: { measured: number; predicted: number }[];
  heldOut: boolean;
}

/** Predicted against measured latency per architecture; on the y = x line a prediction is exact. */
export function FitScatter({ points, heldOut }: Props) {
  const all = points.flatMap((p) => [p.measured, p.predicted]);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const { domain, ticks } = niceAxis(lo, hi);
  const tick = (v: number) => fmtNum(v, 3);
  return (
    <div data-testid="fit-scatter" style={{ height: 260 }}>
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 16, bottom: 18, left: 4 }}>
          <CartesianGrid stroke="#eef2f7" />
          <XAxis
            type="number"
            dataKey="measured"
            name="measured"
            domain={domain}
            ticks={ticks}
            tickFormatter={tick}
            tick={{ fontSize: 11 }}
            label={{
              value: `measured ms (${heldOut ? 'held-out' : 'training'} architectures)`,
              position: 'insideBottom',
              offset: -10,
              fontSize: 11,
              fill: '#64748b',
            }}
          />
          <YAxis
            type="number"
            dataKey="predicted"
            name="predicted"
            domain={domain}
            ticks={ticks}
            tickFormatter={tick}
            tick={{ fontSize: 11 }}
            width={56}
            label={{ value: 'predicted ms', angle: -90, position: 'insideLeft', fontSize: 11, fill: '#64748b' }}
          />
          <Tooltip formatter={(v) => fmtNum(Number(v), 4)} isAnimationActive={false} />
          <ReferenceLine
            segment={[
              { x: domain[0], y: domain[0] },
              { x: domain[1], y: domain[1] },
            ]}
            stroke="#94a3b8"
            strokeDasharray="4 3"
            ifOverflow="extendDomain"
            label={{ value: 'y = x', position: 'insideTopLeft', fontSize: 10, fill: '#64748b' }}
          />
          <Scatter data={points} fill="#4f46e5" fillOpacity={0.55} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Both axes share round ticks, so the y = x line runs corner to corner. */
function niceAxis(lo: number, hi: number): { domain: [number, number]; ticks: number[] } {
  const raw = (hi - lo) / 4 || Math.abs(hi) / 4 || 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const d0 = Math.max(0, Math.floor(lo / step) * step);
  const d1 = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = d0; t <= d1 + step / 2; t += step) ticks.push(+t.toPrecision(12));
  return { domain: [d0, d1], ticks };
}
