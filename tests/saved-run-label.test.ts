import { describe, expect, it } from 'vitest';
import { describeRun, isUnfinished, thinSnapshots, type SavedRun } from '../src/features/recovery/run-library';

const run = (over: Partial<SavedRun>): SavedRun => ({
  id: 'r',
  createdAt: 0,
  savedAt: 0,
  step: 240,
  totalSteps: 290,
  epoch: 8,
  reason: 'epoch',
  state: 'active',
  tableName: 't',
  summary: '',
  bytes: 0,
  ...over,
});

describe('saved run labels', () => {
  it('show the last step taken, not the last checkpoint', () => {
    expect(describeRun(run({ state: 'finished', lastStep: 290 }))).toEqual({ progress: 'step 290/290', resumesFrom: null });
    expect(describeRun(run({ state: 'stopped', step: 104, lastStep: 121 }))).toEqual({
      progress: 'step 121/290',
      resumesFrom: 'continues from step 104',
    });
    expect(describeRun(run({ state: 'paused', step: 50, lastStep: 50 }))).toEqual({ progress: 'step 50/290', resumesFrom: null });
    // Records saved before the last step was kept.
    expect(describeRun(run({ step: 64 })).progress).toBe('step 64/290');
  });

  it('offer only runs that neither finished nor were stopped', () => {
    expect(
      ['active', 'paused', 'diverged', 'stopped', 'finished'].map((state) => isUnfinished(run({ state: state as SavedRun['state'] }))),
    ).toEqual([true, true, true, false, false]);
  });
});

describe('the replay saved with a checkpoint', () => {
  const snaps = (n: number) => Array.from({ length: n }, (_, i) => ({ step: i + 1, probabilities: [[i]] }));

  it('keeps the first and last snapshot up to the checkpoint, at most cap of them', () => {
    const kept = thinSnapshots(snaps(1000), 901, 300);
    expect(kept.length).toBeLessThanOrEqual(300);
    expect(kept[0].step).toBe(1);
    expect(kept.at(-1)!.step).toBe(901);
    expect(kept.every((x, i) => i === 0 || x.step > kept[i - 1].step)).toBe(true);
    expect(thinSnapshots(snaps(5), 3, 300).map((x) => x.step)).toEqual([1, 2, 3]);
    expect(thinSnapshots([], 3)).toEqual([]);
    const even = thinSnapshots(snaps(600), 600, 300);
    expect(even.length).toBeLessThanOrEqual(300);
    expect([even[0].step, even.at(-1)!.step]).toEqual([1, 600]);
  });
});
