import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { initBackend } from '../src/engine/runtime/backend';
import { Search } from '../src/engine/search';
import { searchConfigSchema } from '../src/engine/schemas';
import type { StepEvent } from '../src/engine/search/events';
import { microSpace, syntheticDataset, syntheticTable } from './synthetic';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe(true);
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('sampled mode on wasm', () => {
  it('trains w and θ steps with flat tensor counts, θ moving and losses finite', async () => {
    const space = microSpace();
    const data = syntheticDataset({ size: 8, classes: 3, train: 48, test: 12, seed: 3 });
    // 48 samples, wSplit 0.5, batch 8: 3 w steps then 3 θ steps per epoch.
    const config = searchConfigSchema.parse({
      mode: 'sampled',
      epochs: 2,
      warmupEpochs: 0,
      batchSize: 8,
      wSplit: 0.5,
      thetaLr: 0.2,
      beta: 2,
      samples: 2,
      seed: 5,
    });
    const s = await Search.create({ config, dataset: data, table: syntheticTable(space), space });
    const before = await s.probabilities();
    const counts: number[] = [];
    const steps: StepEvent[] = [];
    for (let i = 0; i < 6; i++) {
      const ev = await s.step();
      steps.push(...ev.filter((e): e is StepEvent => e.type === 'step'));
      counts.push(tf.memory().numTensors);
    }
    expect(tf.getBackend()).toBe('wasm');
    expect(steps.map((e) => e.phase)).toEqual(['w', 'w', 'w', 'theta', 'theta', 'theta']);
    expect(steps.every((e) => Number.isFinite(e.loss))).toBe(true);
    expect(new Set(counts.slice(4)).size).toBe(1);
    const after = await s.probabilities();
    const moved = after.flat().reduce((m, p, i) => Math.max(m, Math.abs(p - before.flat()[i])), 0);
    expect(moved).toBeGreaterThan(1e-3);
    s.dispose();
  });
});
