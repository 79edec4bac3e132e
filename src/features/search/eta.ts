/**
 * The time a search has left, from smoothed step times: one step's time swings with the phase
 * (a θ step runs on held-out data), with epoch-end validation and with the machine's load, and a
 * plain recent mean made the estimate jump by minutes between steps.
 */
export interface TimedStep {
  phase: 'w' | 'theta';
  msPerStep: number;
}

/** Weight of the newest step in the moving average: about the last 20 steps count. */
export const ETA_SMOOTHING = 0.1;
/** Older steps no longer move the average (0.9^200 ≈ 7e-10). */
const WINDOW = 200;

/** Exponentially smoothed ms per step, seeded with the first; null for no steps. */
export function smoothedMs(times: readonly number[], alpha = ETA_SMOOTHING): number | null {
  let avg: number | null = null;
  for (const t of times) {
    if (!Number.isFinite(t) || t < 0) continue;
    avg = avg == null ? t : avg + alpha * (t - avg);
  }
  return avg;
}

/**
 * Milliseconds left: w and θ steps are smoothed apart and weighted by the share of each among the
 * steps so far (the schedule's mix); NaN until a step has been timed or when nothing is known.
 */
export function etaMs(steps: readonly TimedStep[], done: number, total: number, alpha = ETA_SMOOTHING): number {
  const left = total - done;
  if (!(left >= 0) || steps.length === 0) return Number.NaN;
  const recent = steps.slice(-WINDOW);
  const w = smoothedMs(
    recent.filter((s) => s.phase === 'w').map((s) => s.msPerStep),
    alpha,
  );
  const theta = smoothedMs(
    recent.filter((s) => s.phase === 'theta').map((s) => s.msPerStep),
    alpha,
  );
  const thetaShare = steps.filter((s) => s.phase === 'theta').length / steps.length;
  const perStep = w != null && theta != null ? (1 - thetaShare) * w + thetaShare * theta : (w ?? theta)!;
  return left * perStep;
}
