import { useMemo } from 'react';
import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { BLOCK_NAMES } from '../engine/blocks';
import { useStudio } from '../state/store';
import { BLOCK_COLORS } from './colors';
import { BlockLegend } from './BlockLegend';
import { StepScrubber } from './StepScrubber';

const argmaxOf = (p: number[]) => p.reduce((best, v, i) => (v > p[best] ? i : best), 0);

/** softmax(θ) per layer as 100%-stacked bars; the argmax block of each layer is outlined and named. */
export function LayerDistributions() {
  const snapshots = useStudio((s) => s.snapshots);
  const scrubStep = useStudio((s) => s.scrubStep);
  const snap = useMemo(() => {
    if (!snapshots.length) return null;
    if (scrubStep == null) return snapshots[snapshots.length - 1];
    return snapshots.find((s) => s.step >= scrubStep) ?? snapshots[snapshots.length - 1];
  }, [snapshots, scrubStep]);
  const data = useMemo(
    () =>
      snap?.probabilities.map((p, l) => {
        const am = argmaxOf(p);
        const row: Record<string, number | string> = { layer: `L${l + 1}  ${BLOCK_NAMES[am]}`, argmax: am };
        BLOCK_NAMES.forEach((b, i) => (row[b] = p[i]));
        return row;
      }) ?? [],
    [snap],
  );
  return (
    <section className="card" data-testid="layer-distributions">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Block distribution per layer · P(block) = softmax(θ)</h2>
        <span className="muted" data-testid="distribution-step">
          {snap ? `step ${snap.step}${scrubStep == null ? ' (live)' : ''}` : 'uniform until the first θ step'}
        </span>
      </div>
      <BlockLegend />
      {data.length === 0 ? (
        <div className="muted" style={{ padding: 40, textAlign: 'center' }}>
          Start a search to watch each layer’s distribution sharpen as τ anneals.
        </div>
      ) : (
        <div style={{ height: 22 * 19 + 40 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 8 }} barCategoryGap={2}>
              <XAxis type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={(v: number) => `${v * 100}%`} tick={{ fontSize: 11 }} />
              <YAxis type="category" dataKey="layer" width={96} interval={0} tick={{ fontSize: 11, fontFamily: 'ui-monospace, monospace' }} />
              <Tooltip formatter={(v) => `${(Number(v) * 100).toFixed(1)}%`} isAnimationActive={false} />
              {BLOCK_NAMES.map((b, i) => (
                <Bar key={b} dataKey={b} stackId="p" fill={BLOCK_COLORS[b]} isAnimationActive={false}>
                  {data.map((row, l) => (
                    <Cell key={l} stroke={row.argmax === i ? '#111827' : 'none'} strokeWidth={row.argmax === i ? 2 : 0} />
                  ))}
                </Bar>
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <StepScrubber />
    </section>
  );
}
