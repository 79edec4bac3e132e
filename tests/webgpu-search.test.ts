import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import type { StepEvent } from '../src/engine/search/events';
import { BLOCK_NAMES } from '../src/engine/space/blocks';
import type { SearchMode } from '../src/engine/schemas';
import { countDispatches, type DispatchCount } from '../src/engine/webgpu/counter';
import { makeSearch } from './search-helpers';
import { microSpace, syntheticDataset } from './synthetic';
import { useWebGpu } from './webgpu';

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Two w-steps then two θ-steps of a small search, from one seed, on one backend. */
async function search(backend: 'cpu' | 'webgpu', mode: SearchMode) {
  if (backend === 'webgpu') await useWebGpu();
  else expect(await tf.setBackend('cpu')).toBe(true);
  // All nine blocks in every layer (grouped ones, skip projections, stride 2); batch 8 keeps
  // BatchNorm well conditioned, so float32 rounding stays at rounding size across steps.
  const B = 8;
  const s = await makeSearch(
    { mode, batchSize: B, trainSamples: 4 * B, testSamples: B, wSplit: 0.5, warmupEpochs: 0, epochs: 1, seed: 3 },
    microSpace([...BLOCK_NAMES]),
    syntheticDataset({ size: 8, classes: 3, train: 4 * B, test: B, seed: 1 }),
  );
  const steps: StepEvent[] = [];
  const counts: DispatchCount[] = [];
  const tensors: number[] = [];
  for (let i = 0; i < 4; i++) {
    const counter = backend === 'webgpu' ? countDispatches() : null;
    const ev = (await s.step()).find((e): e is StepEvent => e.type === 'step')!;
    if (counter) counts.push(counter.read()), counter.stop();
    // Every step ran where it started: a fallback to another backend fails here.
    expect(tf.getBackend()).toBe(backend);
    steps.push(ev);
    tensors.push(tf.memory().numTensors);
  }
  const probabilities = (await s.probabilities()).flat();
  s.dispose();
  return { steps, probabilities, counts, tensors };
}

describe('a whole search step on WebGPU equals the cpu backend', () => {
  for (const mode of ['mixture', 'sampled'] as const) {
    it(`${mode}: the losses of two w-steps and two θ-steps and the architecture distribution after them`, {
      timeout: 400_000,
    }, async () => {
      const cpu = await search('cpu', mode);
      const gpu = await search('webgpu', mode);
      expect(gpu.steps.map((e) => e.phase)).toEqual(['w', 'w', 'theta', 'theta']);
      gpu.steps.forEach((e, i) => {
        expect(Math.abs(e.loss - cpu.steps[i].loss) / Math.abs(cpu.steps[i].loss), `loss of step ${i + 1}`).toBeLessThan(1e-4);
        expect(Math.abs(e.ce - cpu.steps[i].ce) / Math.abs(cpu.steps[i].ce), `cross-entropy of step ${i + 1}`).toBeLessThan(1e-4);
      });
      gpu.probabilities.forEach((p, i) => expect(Math.abs(p - cpu.probabilities[i]), `probability ${i}`).toBeLessThan(1e-5));
      // The searched layers ran in the layer kernels, and the optimisers in one dispatch each.
      const [w, , theta] = gpu.counts;
      expect(w.byKernel.LayerExpandStatsProgram).toBeGreaterThan(0);
      expect(w.byKernel.SgdMomentumProgram).toBe(1);
      expect(theta.byKernel.AdamProgram).toBe(1);
      // Nothing leaks: a step of a phase leaves as many tensors as the one before it. (Sampled mode
      // makes a block's two constants, its spec and unit weights, when a path first picks it.)
      if (mode === 'mixture') {
        expect(gpu.tensors[1]).toBe(gpu.tensors[0]);
        expect(gpu.tensors[3]).toBe(gpu.tensors[2]);
      }
    });
  }
});
