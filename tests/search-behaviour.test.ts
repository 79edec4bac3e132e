import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import type { StepEvent } from '../src/engine/search/events';
import type { Space } from '../src/engine/space/space';
import { microSpace, syntheticDataset, syntheticTable } from './synthetic';
import { makeSearch, runAll } from './search-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 60 samples: 4 w batches and 1 θ batch of 12 per epoch. */
const small = syntheticDataset({ size: 8, classes: 3, train: 60, test: 12, seed: 2 });

/** Expected latency under P_θ (no noise) from the probabilities. */
function latencyUnderP(probs: number[][], space: Space): number {
  const t = syntheticTable(space);
  return t.fixedMs + probs.reduce((s, row, l) => s + row.reduce((a, p, i) => a + p * (t.layers[l][i] ?? 0), 0), 0);
}

describe('search behaviour', () => {
  it('a larger β gives a lower expected latency after the same search (same seed)', async () => {
    const lat: number[] = [];
    for (const beta of [0, 3]) {
      const s = await makeSearch({ beta, thetaLr: 0.1, wSplit: 0.5, epochs: 2, warmupEpochs: 0, seed: 4 });
      await runAll(s);
      lat.push(latencyUnderP(await s.probabilities(), s.space));
      s.dispose();
    }
    expect(lat[1]).toBeLessThan(lat[0] - 0.2);
  });

  it('replays exactly with the same seed, keeps tensor counts flat, and frees everything', async () => {
    const start = tf.memory().numTensors;
    const runOnce = async (mode: 'mixture' | 'sampled') => {
      const s = await makeSearch({ epochs: 2, warmupEpochs: 1, seed: 9, mode }, microSpace(), small);
      const counts: number[] = [];
      const losses: number[] = [];
      for (let i = 0; i < s.totalSteps; i++) {
        for (const e of await s.step()) if (e.type === 'step') losses.push(e.loss, e.expectedLatencyMs, ...e.probabilities.flat());
        counts.push(tf.memory().numTensors);
      }
      s.dispose();
      return { counts, losses };
    };
    for (const mode of ['mixture', 'sampled'] as const) {
      const a = await runOnce(mode);
      const b = await runOnce(mode);
      expect(a.losses).toEqual(b.losses);
      expect(a.losses.every(Number.isFinite)).toBe(true);
      expect(new Set(a.counts.slice(0, -1)).size).toBe(1); // the last step builds the result, which reads back
      expect(tf.memory().numTensors).toBe(start);
    }
    const other = await makeSearch({ epochs: 2, warmupEpochs: 1, seed: 10 });
    const [e] = await other.step();
    const a = await makeSearch({ epochs: 2, warmupEpochs: 1, seed: 9 });
    const [f] = await a.step();
    expect((e as StepEvent).loss).not.toBe((f as StepEvent).loss);
    other.dispose();
    a.dispose();
  });

  it('sampled mode runs one path per batch and still moves θ', async () => {
    const s = await makeSearch({ mode: 'sampled', epochs: 3, warmupEpochs: 1, thetaLr: 0.1, beta: 2, seed: 2 });
    const ev = await runAll(s);
    const probs = await s.probabilities();
    expect(probs.flat().some((p) => Math.abs(p - 0.25) > 0.01)).toBe(true);
    expect(ev.at(-1)!.type).toBe('done');
    s.dispose();
  });
});
