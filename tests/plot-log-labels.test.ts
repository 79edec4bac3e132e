import { describe, expect, it } from 'vitest';
import { logAxis, stackLabels } from '../src/shared/plot-scale';

describe('logAxis', () => {
  it('spans whole decades around the positive values, one tick per decade', () => {
    expect(logAxis(0.03, 4.2)).toEqual({ domain: [-2, 1], ticks: [-2, -1, 0, 1] });
  });
  it('widens a range inside one power of ten to a whole decade', () => {
    expect(logAxis(10, 10)).toEqual({ domain: [1, 2], ticks: [1, 2] });
  });
  it('ticks every other decade past six decades', () => {
    expect(logAxis(1e-4, 1e4).ticks).toEqual([-4, -2, 0, 2, 4]);
  });
  it('falls back to a unit axis without positive values', () => {
    expect(logAxis(Infinity, -Infinity)).toEqual({ domain: [0, 1], ticks: [0, 1] });
  });
});

describe('stackLabels', () => {
  it('keeps labels that do not touch in the first row', () => {
    expect(stackLabels([50, 100, 150], [10, 10, 10])).toEqual([0, 0, 0]);
  });
  it('moves labels that would overlap to the next free row, in x order', () => {
    // three changes one step apart (τ, β, α at x 100, 104, 108): each needs its own row
    expect(stackLabels([104, 100, 108], [8, 8, 8])).toEqual([1, 0, 2]);
  });
  it('reuses a row once the label before has ended', () => {
    expect(stackLabels([100, 104, 140], [8, 8, 8])).toEqual([0, 1, 0]);
  });
  it('with every row taken, puts the label in the row that ended furthest left', () => {
    expect(stackLabels([100, 101, 102], [8, 8, 8], 2)).toEqual([0, 1, 0]);
  });
});
