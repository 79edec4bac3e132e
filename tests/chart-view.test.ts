import { describe, expect, it } from 'vitest';
import { commitDelay, STEP_COMMIT_MS } from '../src/app/commit-pace';
import { downsampleSteps } from '../src/features/search/downsample';
import { accuracySeries, CHART_POINTS, chartRows } from '../src/features/search/selectors';
import type { WorkerMessage } from '../src/app/protocol';
import type { EpochRow, LogEntry, StepRow } from '../src/features/search/slice';
import { distributionRow } from '../src/features/search/ui/distribution-rows';
import { fixedAxis, linePath, nearestIndex, scale, stepAxis, valueAxis } from '../src/shared/plot-scale';

const steps = (n: number) => Array.from({ length: n }, (_, i) => ({ step: i + 1 }));
const row = (step: number, accuracy = 0.5): StepRow => ({
  step,
  epoch: 0,
  phase: 'w',
  loss: 1,
  ce: 1,
  accuracy,
  expectedLatencyMs: 5,
  argmaxLatencyMs: 4,
  tau: 5,
  alpha: 0.2,
  beta: 0.6,
  targetMs: null,
  msPerStep: 3,
});
const marker = (step: number): LogEntry => ({ id: step, step, kind: 'control', text: 'β 0.6 → 1.5', marker: true });

describe('chart downsampling', () => {
  it('returns a short series as it is', () => {
    const rows = steps(300);
    expect(downsampleSteps(rows, 300)).toBe(rows);
  });

  it('keeps at most max points, the first and the last', () => {
    for (const n of [301, 1000, 4321, 20000]) {
      const d = downsampleSteps(steps(n), 300);
      expect(d.length).toBeLessThanOrEqual(300);
      expect(d.length).toBeGreaterThan(150);
      expect(d[0].step).toBe(1);
      expect(d.at(-1)!.step).toBe(n);
      expect(d.map((r) => r.step)).toEqual([...d.map((r) => r.step)].sort((a, b) => a - b));
    }
  });

  it('keeps every pinned step and the step before it, still within max', () => {
    const d = downsampleSteps(steps(5000), 300, [1234, 4001, 9999]).map((r) => r.step);
    expect(d).toEqual(expect.arrayContaining([1233, 1234, 4000, 4001]));
    expect(d).not.toContain(9999);
    expect(d.length).toBeLessThanOrEqual(300);
  });

  it('draws the same points as the series grows (until the grid coarsens)', () => {
    const a = downsampleSteps(steps(1000), 300).map((r) => r.step);
    const b = downsampleSteps(steps(1001), 300).map((r) => r.step);
    expect(b.slice(0, -1)).toEqual(a.slice(0, -1));
  });

  it('keeps pinned steps even when there are more of them than max', () => {
    const pinned = Array.from({ length: 20 }, (_, i) => 50 * (i + 1));
    const d = downsampleSteps(steps(1000), 10, pinned).map((r) => r.step);
    expect(d).toEqual(expect.arrayContaining(pinned));
  });
});

describe('chart series', () => {
  it('loss/latency rows keep each marker step', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => row(i + 1));
    const d = chartRows(rows, [marker(777)]);
    expect(d.length).toBeLessThanOrEqual(CHART_POINTS);
    expect(d.map((r) => r.step)).toEqual(expect.arrayContaining([776, 777]));
  });

  it('accuracy puts validation on its epoch step without a gap in the train line', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => row(i + 1, i < 10 ? 0 : 1));
    const epochs: EpochRow[] = [
      { epoch: 0, step: 999, validationAccuracy: 0.7 },
      { epoch: 1, step: 2000, validationAccuracy: 0.8 },
    ];
    const d = accuracySeries(rows, epochs, []);
    expect(d.filter((p) => p.val != null).map((p) => [p.step, p.val])).toEqual([
      [999, 0.7],
      [2000, 0.8],
    ]);
    expect(d.every((p) => p.trainSmooth != null)).toBe(true);
    expect(d[0].trainSmooth).toBe(0);
    expect(d.at(-1)!.trainSmooth).toBeCloseTo(1, 6);
  });
});

describe('layer distribution rows', () => {
  const names = ['a', 'b', 'skip'];

  it('names the argmax and rounds widths to 0.1 %', () => {
    const r = distributionRow(2, [0.2, 0.12345, 0.67655], names);
    expect(r.label).toBe('L3  skip');
    expect(r.argmax).toBe(2);
    expect(r.widths).toEqual([20, 12.3, 67.7]);
    expect(r.title).toBe('L3  skip: a 20.0%, b 12.3%, skip 67.7%');
  });

  it('changes its key only when the drawn bar changes', () => {
    const a = distributionRow(0, [0.5, 0.3, 0.2], names);
    expect(distributionRow(0, [0.50001, 0.29999, 0.2], names).key).toBe(a.key);
    expect(distributionRow(0, [0.49, 0.31, 0.2], names).key).not.toBe(a.key);
  });
});

describe('store commits', () => {
  it('hold step events back for the commit interval, nothing else', () => {
    const events: WorkerMessage = { type: 'events', events: [] };
    expect(commitDelay(events, 0)).toBe(STEP_COMMIT_MS);
    expect(commitDelay(events, STEP_COMMIT_MS - 100)).toBe(100);
    expect(commitDelay(events, 10 * STEP_COMMIT_MS)).toBe(0);
    expect(commitDelay({ type: 'status', status: 'paused' }, 0)).toBe(0);
    // A live change or a pause answers the user: it lands at once, with the steps queued before it.
    const control: WorkerMessage = { type: 'events', events: [{ type: 'control', step: 4, key: 'beta', value: 1.2, previous: null }] };
    expect(commitDelay(control, 0)).toBe(0);
    expect(commitDelay({ type: 'events', events: [{ type: 'paused', step: 3, reason: 'user' }] }, 0)).toBe(0);
  });
});

describe('step chart geometry', () => {
  it('rounds a value axis out to whole ticks', () => {
    expect(valueAxis(1.7, 18.2)).toEqual({ domain: [0, 20], ticks: [0, 5, 10, 15, 20] });
    expect(valueAxis(0.12, 0.48)).toEqual({ domain: [0.1, 0.5], ticks: [0.1, 0.2, 0.3, 0.4, 0.5] });
    expect(valueAxis(5, 5)).toEqual({ domain: [4.5, 5.5], ticks: [4.5, 4.75, 5, 5.25, 5.5] });
    expect(valueAxis(Infinity, -Infinity).domain).toEqual([0, 1]);
  });

  it('keeps a fixed axis as given', () => {
    expect(fixedAxis(0, 1)).toEqual({ domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] });
  });

  it('spans exactly the steps drawn, with whole round ticks clear of both ends', () => {
    expect(stepAxis(1, 9)).toEqual({ domain: [1, 9], ticks: [1, 4, 6, 9] });
    expect(stepAxis(1, 1000)).toEqual({ domain: [1, 1000], ticks: [1, 250, 500, 750, 1000] });
    expect(stepAxis(3, 3)).toEqual({ domain: [2, 4], ticks: [3] });
    for (const t of stepAxis(7, 4321).ticks) expect(Number.isInteger(t)).toBe(true);
  });

  it('maps a domain onto pixels, top to bottom when asked', () => {
    const y = scale([0, 20], [178, 8]);
    expect(y(0)).toBe(178);
    expect(y(20)).toBe(8);
    expect(y(10)).toBe(93);
  });

  it('breaks a line at a missing value unless the series is sparse', () => {
    const xs = [0, 10, 20, 30];
    const ys = [5, null, 7, 8];
    expect(linePath(xs, ys)).toBe('M0.0,5.0M20.0,7.0L30.0,8.0');
    expect(linePath(xs, ys, true)).toBe('M0.0,5.0L20.0,7.0L30.0,8.0');
    expect(linePath(xs, [null, null, null, null])).toBe('');
  });

  it('finds the row nearest the pointer', () => {
    const steps = [1, 5, 9, 40];
    expect(nearestIndex(steps, -3)).toBe(0);
    expect(nearestIndex(steps, 6.9)).toBe(1);
    expect(nearestIndex(steps, 7.1)).toBe(2);
    expect(nearestIndex(steps, 99)).toBe(3);
    expect(nearestIndex([], 1)).toBe(-1);
  });
});
