import { describe, expect, it } from 'vitest';
import { commitDelay, STEP_COMMIT_MS } from '../src/state/commit-pace';
import { downsampleSteps } from '../src/state/downsample';
import { accuracySeries, CHART_POINTS, chartRows } from '../src/state/selectors';
import type { WorkerMessage } from '../src/protocol';
import type { EpochRow, LogEntry, StepRow } from '../src/state/store';
import { distributionRow } from '../src/ui/distribution-rows';
import { createStagger } from '../src/ui/stagger';

const steps = (n: number) => Array.from({ length: n }, (_, i) => ({ step: i + 1 }));
const row = (step: number, accuracy = 0.5): StepRow => ({
  step, epoch: 0, phase: 'w', loss: 1, ce: 1, accuracy, expectedLatencyMs: 5, argmaxLatencyMs: 4, tau: 5, alpha: 0.2, beta: 0.6, msPerStep: 3,
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

describe('staggered updates', () => {
  const manual = () => {
    const ticks: (() => void)[] = [];
    return { ticks, stagger: createStagger((run) => ticks.push(run)), tick: () => ticks.shift()?.() };
  };

  it('runs one job per task, in order, each key once with its newest job', () => {
    const { ticks, stagger, tick } = manual();
    const ran: string[] = [];
    const [k1, k2, k3] = [{}, {}, {}];
    stagger.enqueue(k1, () => ran.push('1a'));
    stagger.enqueue(k2, () => ran.push('2'));
    stagger.enqueue(k3, () => ran.push('3'));
    stagger.enqueue(k1, () => ran.push('1b'));
    expect(ticks).toHaveLength(1);
    tick();
    expect(ran).toEqual(['2']);
    tick();
    tick();
    expect(ran).toEqual(['2', '3', '1b']);
    expect(ticks).toHaveLength(0);
    expect(stagger.size).toBe(0);
  });

  it('drops a cancelled job', () => {
    const { stagger, tick } = manual();
    const ran: string[] = [];
    const cancel = stagger.enqueue({}, () => ran.push('x'));
    stagger.enqueue({}, () => ran.push('y'));
    cancel();
    tick();
    expect(ran).toEqual(['y']);
  });
});

describe('store commits', () => {
  it('hold step events back for the commit interval, nothing else', () => {
    const events: WorkerMessage = { type: 'events', events: [] };
    expect(commitDelay(events, 0)).toBe(STEP_COMMIT_MS);
    expect(commitDelay(events, STEP_COMMIT_MS - 100)).toBe(100);
    expect(commitDelay(events, 10 * STEP_COMMIT_MS)).toBe(0);
    expect(commitDelay({ type: 'status', status: 'paused' }, 0)).toBe(0);
  });
});
