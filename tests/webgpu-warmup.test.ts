import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { warmUpPipelines } from '../src/engine/runtime/warmup';
import { BLOCK_NAMES } from '../src/engine/space/blocks';
import { makeSearch } from './search-helpers';
import { microSpace, syntheticDataset } from './synthetic';
import { useWebGpu } from './webgpu';

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** The kernels of src/engine/webgpu, by program name: the layers, θ's weights and E[LAT], path weights, optimisers. */
const OURS = /^(Layer|GumbelLatency|Pick|SgdMomentum|Adam|Blend)/;

const pipelineKeys = () => Object.keys((tf.backend() as unknown as { pipelineCache: object }).pipelineCache);

describe('the WebGPU pipeline warm-up', () => {
  for (const mode of ['mixture', 'sampled'] as const) {
    it(`${mode}: compiles every pipeline of the engine's kernels that a w step and a θ step run`, { timeout: 300_000 }, async () => {
      await useWebGpu();
      const B = 4;
      const space = microSpace([...BLOCK_NAMES]);
      const s = await makeSearch(
        { mode, batchSize: B, trainSamples: 2 * B, testSamples: B, wSplit: 0.5, warmupEpochs: 0, epochs: 1, seed: 2 },
        space,
        syntheticDataset({ size: 8, classes: 3, train: 2 * B, test: B, seed: 1 }),
      );
      expect(await warmUpPipelines(s)).toBe(true);
      const warmed = new Set(pipelineKeys());
      expect([...warmed].filter((k) => OURS.test(k)).length).toBeGreaterThan(10);
      const phases = [];
      for (let i = 0; i < 2; i++) phases.push((await s.step()).find((e) => e.type === 'step')?.phase);
      expect(phases).toEqual(['w', 'theta']);
      expect(tf.getBackend()).toBe('webgpu');
      expect(pipelineKeys().filter((k) => !warmed.has(k) && OURS.test(k))).toEqual([]);
      s.dispose();
    });
  }
});
