import { describe, expect, it } from 'vitest';
import { describeRun, isUnfinished, type SavedRun } from '../src/features/recovery/run-library';

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
