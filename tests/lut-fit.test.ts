import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitTable } from '../src/engine/lut/fit';
import { nnlsNormal } from '../src/engine/lut/nnls';
import { mape, ranks, spearman } from '../src/engine/lut/stats';
import { parseArchTimings } from '../src/engine/lut/timings';
import { TableError } from '../src/engine/lut/errors';
import { parseLatencyTable } from '../src/engine/lut/parse';
import { Rng } from '../src/engine/rng';
import { makeSpace } from '../src/engine/space/space';

const small = makeSpace('small');
const HELP = readFileSync('public/data/help/help_fbnet_cifar100_per_arch_latency.csv', 'utf8');
const pixel3 = parseLatencyTable(readFileSync('public/luts/hwnasbench_fbnet_pixel3_cifar100.csv', 'utf8'), small).table;

describe('stats', () => {
  it('averages tied ranks', () => {
    expect(ranks([10, 20, 20, 30, 5])).toEqual([2, 3.5, 3.5, 5, 1]);
  });
  it('spearman is ±1 for monotone relations and handles ties', () => {
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 100])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // ranks [1,2,3] vs [1.5,1.5,3]: pearson = 0.866…
    expect(spearman([1, 2, 3], [7, 7, 9])).toBeCloseTo(Math.sqrt(3) / 2, 12);
  });
  it('mape is in percent', () => {
    expect(mape([110, 90, 100], [100, 100, 100])).toBeCloseTo(20 / 3, 12);
  });
});

describe('nnlsNormal', () => {
  it('clips a coordinate the unconstrained solution would make negative', () => {
    // y = x1 − x2 fitted on points where x2 helps only negatively: min ||Xw − y||², w ≥ 0
    const X = [
      [1, 0],
      [0, 1],
      [1, 1],
    ];
    const y = [1, -1, 0];
    const A = new Float64Array(4);
    const b = new Float64Array(2);
    X.forEach((r, k) =>
      r.forEach((xi, i) => {
        b[i] += xi * y[k];
        r.forEach((xj, j) => (A[i * 2 + j] += xi * xj));
      }),
    );
    const w = nnlsNormal(A, b, 2);
    // with w2 = 0: minimise (w1−1)² + 1 + w1² → w1 = 0.5
    expect(w[1]).toBe(0);
    expect(w[0]).toBeCloseTo(0.5, 9);
  });
});

describe('parseArchTimings', () => {
  it('reads 22-digit architectures and the chosen column', () => {
    const t = parseArchTimings(HELP, { column: 'pixel2_ms' });
    expect(t.archs).toHaveLength(5000);
    expect(t.archs[0]).toEqual([7, 8, 1, 8, 4, 8, 8, 8, 7, 4, 1, 4, 7, 3, 2, 7, 3, 2, 4, 2, 4, 5]);
    expect(t.latencyMs.slice(0, 2)).toEqual([28, 28]);
  });
  it('reads architectures written as block names', () => {
    const text = 'arch;t_ms\n"k3_e1 skip k5_e6";1.5\nk3_e1|k3_e1|skip;2\n';
    expect(parseArchTimings(text, { column: 'T_ms' })).toEqual({
      archs: [
        [0, 8, 7],
        [0, 0, 8],
      ],
      latencyMs: [1.5, 2],
    });
  });
  it('names an unknown column and lists the available ones', () => {
    expect(() => parseArchTimings(HELP, { column: 'pixel9_ms' })).toThrow(
      /line 1: unknown latency column "pixel9_ms" \(available: 1080ti_1_ms, .*pixel2_ms/,
    );
  });
  it('names bad architectures by line and column', () => {
    const text = 'op_idx_22,x_ms\n012,1\n019,2\n01,3\n0k9_e1,4\n012,-1\n';
    try {
      parseArchTimings(text, { column: 'x_ms' });
      throw new Error('expected an error');
    } catch (err) {
      expect(err).toBeInstanceOf(TableError);
      expect((err as TableError).issues).toEqual([
        { line: 3, column: 'op_idx_22', message: 'digit 9 is not a block index (0–8)' },
        { line: 4, column: 'op_idx_22', message: 'architecture has 2 layers; earlier rows have 3' },
        {
          line: 5,
          column: 'op_idx_22',
          message: 'unknown block "0k9_e1" (expected k3_e1, k3_e1_g2, k3_e3, k3_e6, k5_e1, k5_e1_g2, k5_e3, k5_e6, skip)',
        },
        { line: 6, column: 'x_ms', message: 'latency -1 is negative' },
      ]);
    }
  });
});

describe('fitTable', () => {
  it('recovers a table exactly from noise-free sums', () => {
    const rng = Rng.fromSeed(3);
    const archs = Array.from({ length: 600 }, () => Array.from({ length: 22 }, () => rng.int(9)));
    const truth = (a: number[]) => a.reduce((s, b, l) => s + pixel3.layers[l][b]!, pixel3.fixedMs);
    const r = fitTable(archs, archs.map(truth), small, { holdout: 0.25, seed: 1 });
    expect(r.train).toBe(450);
    expect(r.test).toBe(150);
    expect(r.spearman).toBeCloseTo(1, 6);
    expect(r.mape).toBeLessThan(1e-4);
    r.predicted.forEach((p, i) => expect(p).toBeCloseTo(r.measured[i], 5));
    expect(r.table.layers.flat().every((v) => v! >= 0)).toBe(true);
    expect(r.table.fixedMs).toBeGreaterThanOrEqual(0);
  });

  it('splits deterministically by seed and rejects bad input', () => {
    const t = parseArchTimings(HELP, { column: 'gold_6226_ms' });
    const a = fitTable(t.archs.slice(0, 300), t.latencyMs.slice(0, 300), small, { seed: 5 });
    const b = fitTable(t.archs.slice(0, 300), t.latencyMs.slice(0, 300), small, { seed: 5 });
    const c = fitTable(t.archs.slice(0, 300), t.latencyMs.slice(0, 300), small, { seed: 6 });
    expect(a.testIndices).toEqual(b.testIndices);
    expect(a.testIndices).not.toEqual(c.testIndices);
    expect(() => fitTable([[0, 1]], [1], small)).toThrow(/architecture 0 has 2 layers; the space has 22/);
    expect(() => fitTable(t.archs, t.latencyMs, small, { holdout: 1 })).toThrow(/holdout must be in \[0, 1\)/);
  });

  it('a prior pulls cells the data cannot see toward it', () => {
    // every training arch uses k3_e1 at layer 0, so the other blocks there are unseen
    const rng = Rng.fromSeed(9);
    const archs = Array.from({ length: 400 }, () => [0, ...Array.from({ length: 21 }, () => rng.int(9))]);
    const y = archs.map((a) => a.reduce((s, b, l) => s + pixel3.layers[l][b]!, pixel3.fixedMs));
    const withPrior = fitTable(archs, y, small, { holdout: 0, prior: pixel3, priorWeight: 1 });
    expect(withPrior.table.layers[0][7]).toBeCloseTo(pixel3.layers[0][7]!, 9);
    const noPrior = fitTable(archs, y, small, { holdout: 0 });
    expect(noPrior.warnings[0]).toMatch(/^8 cells never appear in the training architectures \(layer 0 k3_e1_g2, /);
  });

  it('meets the HELP acceptance: held-out ρ on CPU/GPU and beats the borrowed Pixel 3 table on every phone', () => {
    const fit = (column: string) => {
      const t = parseArchTimings(HELP, { column });
      const r = fitTable(t.archs, t.latencyMs, small, { holdout: 0.2, seed: 0 });
      const borrowed = r.testIndices.map((i) => t.archs[i].reduce((s, b, l) => s + pixel3.layers[l][b]!, pixel3.fixedMs));
      return { r, borrowed: spearman(borrowed, r.measured) };
    };
    expect(fit('gold_6226_ms').r.spearman).toBeGreaterThanOrEqual(0.95);
    expect(fit('1080ti_1_ms').r.spearman).toBeGreaterThanOrEqual(0.9);
    for (const phone of ['pixel2_ms', 'samsung_a50_ms', 'samsung_s7_ms', 'essential_ph_1_ms']) {
      const { r, borrowed } = fit(phone);
      expect(r.test).toBe(1000);
      expect(r.spearman, phone).toBeGreaterThan(borrowed);
    }
  });
});
