import { describe, expect, it } from 'vitest';
import { etaMs, smoothedMs, type TimedStep } from '../src/features/search/eta';

const w = (ms: number): TimedStep => ({ phase: 'w', msPerStep: ms });
const theta = (ms: number): TimedStep => ({ phase: 'theta', msPerStep: ms });

describe('ETA from smoothed step times', () => {
  it('smooths exponentially, seeded with the first time, skipping unusable ones', () => {
    expect(smoothedMs([])).toBeNull();
    expect(smoothedMs([100])).toBe(100);
    expect(smoothedMs([100, 200], 0.1)).toBeCloseTo(110, 10);
    expect(smoothedMs([100, Number.NaN, -5, 200], 0.5)).toBeCloseTo(150, 10);
  });

  it('weights w and θ step times by their share of the steps so far', () => {
    // Two w steps of 1000 ms to one θ step of 400 ms: 800 ms a step on average.
    const steps = [w(1000), w(1000), theta(400), w(1000), w(1000), theta(400)];
    expect(etaMs(steps, 6, 16)).toBeCloseTo(10 * 800, 6);
    expect(etaMs(steps, 16, 16)).toBe(0);
    expect(etaMs([], 0, 16)).toBeNaN();
    expect(etaMs([w(500)], 1, 0)).toBeNaN();
  });

  it('moves little when one slow step comes (a validation, a busy machine), unlike a mean of the last steps', () => {
    const steady = Array.from({ length: 30 }, () => w(1000));
    const before = etaMs(steady, 30, 290);
    const after = etaMs([...steady, w(10_000)], 31, 290);
    // A mean of the last 10 steps would jump by 90%; the smoothed rate moves by 10% of the spike.
    expect(after / before).toBeGreaterThan(1.85 - 0.95);
    expect(after / before).toBeLessThan(1.95);
    expect(after).toBeCloseTo(259 * (1000 + 0.1 * 9000), 6);
  });
});
