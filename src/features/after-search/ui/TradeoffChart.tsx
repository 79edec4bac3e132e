import { useMemo } from 'react';
import { CartesianGrid, LabelList, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { BlockName } from '../../../engine/space/blocks';
import { tableLatencyMs } from '../../../engine/lut/latency';
import { paretoFront } from '../../../engine/retrain/pareto';
import type { RetrainSource } from '../../../app/protocol';
import { useAfterSearch, useStudio } from '../../../app/store';
import { blockColor } from '../../../shared/colors';
import { clipName, fmtCount, fmtMs, pct } from '../../../shared/format';
import { valueAxis } from '../../../shared/plot-scale';

interface Point {
  id: number;
  name: string;
  source: RetrainSource;
  blocks: BlockName[];
  latencyMs: number;
  accuracy: number;
  macs: number;
  params: number;
  inferenceMs: number;
  backend: string;
}

const SOURCE_COLOR: Record<RetrainSource, string> = { argmax: '#059669', sample: '#2563eb', reference: '#ea580c', study: '#7c3aed' };
/** The front is drawn as a line only; the points under it carry the tooltips. */
const NoVertex = () => <g />;

const SOURCE_LABEL: Record<RetrainSource, string> = {
  argmax: 'argmax',
  sample: 'samples',
  reference: 'references',
  study: 'study argmaxes',
};

function PointTip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const p = active ? (payload?.[0]?.payload as Point | undefined) : undefined;
  if (!p?.blocks) return null;
  return (
    <div className="tradeoff-tip" data-testid="tradeoff-tip">
      <strong className="mono">{p.name}</strong> <span className="muted">{p.source}</span>
      <div>
        test accuracy <strong>{pct(p.accuracy)}</strong> · table {fmtMs(p.latencyMs)} · here ({p.backend}) {fmtMs(p.inferenceMs)}
      </div>
      <div>
        {fmtCount(p.macs)}MACs · {fmtCount(p.params)} params
      </div>
      <div className="tip-chain">
        {p.blocks.map((b, i) => (
          <span key={i} className="tip-block" style={{ borderColor: blockColor(b) }} title={`layer ${i + 1}`}>
            {b}
          </span>
        ))}
      </div>
    </div>
  );
}

/** Test accuracy against table latency for everything retrained, with the Pareto front drawn through the non-dominated nets. */
export function TradeoffChart() {
  const retrains = useAfterSearch((s) => s.retrains);
  const active = useStudio((s) => s.table);
  const { points, front, unplotted } = useMemo(() => {
    const pts: Point[] = [];
    let missing = 0;
    for (const e of retrains) {
      const o = e.outcome;
      if (!o) continue;
      const latency = active ? tableLatencyMs(active.table, e.blocks) : o.latencyMs;
      if (latency == null || !Number.isFinite(o.testAccuracy)) {
        missing++;
        continue;
      }
      pts.push({
        id: e.id,
        name: e.name,
        source: e.source,
        blocks: e.blocks,
        latencyMs: latency,
        accuracy: o.testAccuracy,
        macs: o.macs,
        params: o.params,
        inferenceMs: o.inference.medianMs,
        backend: o.inference.backend,
      });
    }
    return { points: pts, front: paretoFront(pts).map((i) => pts[i]), unplotted: missing };
  }, [retrains, active]);
  const sources = (Object.keys(SOURCE_COLOR) as RetrainSource[]).filter((s) => points.some((p) => p.source === s));
  // Whole, evenly spaced ticks (recharts' 'auto' domain gave 38 %, 40 %, 43 %…), rounded out past the points.
  const x = valueAxis(Math.min(...points.map((p) => p.latencyMs)), Math.max(...points.map((p) => p.latencyMs)));
  const y = valueAxis(Math.min(...points.map((p) => p.accuracy * 100)), Math.max(...points.map((p) => p.accuracy * 100)));
  const tableName = active ? clipName(active.table.name, 28) : '';
  return (
    <section className="card" data-testid="tradeoff-chart" data-front={front.map((p) => p.name).join(' ')}>
      <h3 title={active?.table.name}>Accuracy vs latency{active ? ` (${tableName})` : ''}</h3>
      <div style={{ height: 300 }}>
        {points.length === 0 ? (
          <div className="muted" style={{ padding: 60, textAlign: 'center' }}>
            Retrained networks appear here: table latency against test accuracy, with the Pareto front.
          </div>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            {/* The right margin leaves room for the name beside the slowest point. */}
            <ScatterChart margin={{ top: 16, right: 96, bottom: 18, left: 8 }}>
              <CartesianGrid stroke="#eef2f7" />
              <XAxis
                dataKey="latencyMs"
                type="number"
                name="latency"
                domain={x.domain}
                ticks={x.ticks}
                tick={{ fontSize: 11 }}
                tickFormatter={(v: number) => String(+v.toPrecision(3))}
                label={{
                  value: `table latency (ms${active ? `, ${tableName}` : ''})`,
                  position: 'insideBottom',
                  offset: -10,
                  fontSize: 11,
                  fill: '#64748b',
                }}
              />
              <YAxis
                dataKey="accuracy"
                type="number"
                name="accuracy"
                domain={[y.domain[0] / 100, y.domain[1] / 100]}
                ticks={y.ticks.map((t) => t / 100)}
                tick={{ fontSize: 11 }}
                width={52}
                tickFormatter={(v: number) => `${+(v * 100).toPrecision(3)}%`}
                label={{ value: 'test accuracy', angle: -90, position: 'insideLeft', fontSize: 11, fill: '#64748b' }}
              />
              <Tooltip content={PointTip} isAnimationActive={false} cursor={{ strokeDasharray: '3 3' }} />
              <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12 }} />
              <Scatter
                name="Pareto front"
                data={front}
                line={{ stroke: '#111827', strokeDasharray: '5 3', strokeWidth: 1.5 }}
                lineType="joint"
                shape={NoVertex}
                legendType="plainline"
                fill="#111827"
                isAnimationActive={false}
                className="pareto-front"
                tooltipType="none"
              />
              {sources.map((s) => (
                <Scatter
                  key={s}
                  name={SOURCE_LABEL[s]}
                  data={points.filter((p) => p.source === s)}
                  fill={SOURCE_COLOR[s]}
                  isAnimationActive={false}
                  className={`tradeoff-points ${s}`}
                >
                  <LabelList dataKey="name" position="right" fontSize={10} fill="#475569" />
                </Scatter>
              ))}
            </ScatterChart>
          </ResponsiveContainer>
        )}
      </div>
      {unplotted > 0 && (
        <p className="muted">{unplotted} retrained network(s) not drawn: the active table has no latency for one of their blocks.</p>
      )}
    </section>
  );
}
