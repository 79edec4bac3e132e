import { memo, useMemo } from 'react';
import { BLOCK_NAMES } from '../../../engine/space/blocks';
import { useStudio } from '../../../app/store';
import { BLOCK_COLORS } from '../../../shared/colors';
import { BlockLegend } from './BlockLegend';
import { StepScrubber } from './StepScrubber';
import { distributionRow, type DistributionRow } from './distribution-rows';

const TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * One layer's stacked bar. Plain HTML rather than a chart library: 22 rows × 9 blocks re-rendered on
 * every θ step made the main thread stall; memoised on the rounded widths, a row whose distribution
 * has settled does no work at all.
 */
const LayerBar = memo(
  function LayerBar({ row }: { row: DistributionRow }) {
    return (
      <div className="dist-row" data-testid="layer-bar" title={row.title}>
        <span className="dist-label">{row.label}</span>
        <div className="dist-bar" role="img" aria-label={row.title}>
          {row.widths.map((w, i) =>
            w > 0 ? (
              <div
                key={BLOCK_NAMES[i]}
                className={`dist-seg${BLOCK_NAMES[i] === 'skip' ? ' skip' : ''}${i === row.argmax ? ' argmax' : ''}`}
                style={{ width: `${w}%`, background: BLOCK_NAMES[i] === 'skip' ? undefined : BLOCK_COLORS[BLOCK_NAMES[i]] }}
              />
            ) : null,
          )}
        </div>
      </div>
    );
  },
  (a, b) => a.row.key === b.row.key,
);

/** softmax(θ) per layer as 100%-stacked bars; the argmax block of each layer is outlined and named. */
export function LayerDistributions() {
  const snapshots = useStudio((s) => s.snapshots);
  const scrubStep = useStudio((s) => s.scrubStep);
  const snap = useMemo(() => {
    if (!snapshots.length) return null;
    if (scrubStep == null) return snapshots[snapshots.length - 1];
    return snapshots.find((s) => s.step >= scrubStep) ?? snapshots[snapshots.length - 1];
  }, [snapshots, scrubStep]);
  const rows = useMemo(() => snap?.probabilities.map((p, l) => distributionRow(l, p, BLOCK_NAMES)) ?? [], [snap]);
  return (
    <section className="card" data-testid="layer-distributions">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Block distribution per layer · P(block) = softmax(θ)</h2>
        <span className="muted" data-testid="distribution-step">
          {snap ? `step ${snap.step}${scrubStep == null ? ' (live)' : ''}` : 'uniform until the first θ step'}
        </span>
      </div>
      <BlockLegend />
      {rows.length === 0 ? (
        <div className="muted" style={{ padding: 40, textAlign: 'center' }}>
          Start a search to watch each layer’s distribution sharpen as τ anneals.
        </div>
      ) : (
        <div className="dist">
          {rows.map((r) => (
            <LayerBar key={r.layer} row={r} />
          ))}
          <div className="dist-axis">
            {TICKS.map((t) => (
              <span key={t} style={{ left: `${t * 100}%` }}>
                {t * 100}%
              </span>
            ))}
          </div>
        </div>
      )}
      <StepScrubber />
    </section>
  );
}
