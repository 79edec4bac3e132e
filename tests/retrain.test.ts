import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import type { BlockName } from '../src/engine/space/blocks';
import { archCost } from '../src/engine/space/costs';
import { makeSpace } from '../src/engine/space/space';
import { measureInference, trainChild, type TrainProgress } from '../src/engine/retrain';
import { syntheticDataset } from './synthetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Five searched layers (identity and projection skips, a grouped block, stride 2): quick to train.
const space = makeSpace({
  inputSize: 8,
  inputChannels: 1,
  numClasses: 3,
  stem: { channels: 8, stride: 1 },
  stages: [
    { channels: 8, layers: 2, stride: 1 },
    { channels: 16, layers: 3, stride: 2 },
  ],
  headChannels: 16,
});
const blocks: BlockName[] = ['k3_e1', 'skip', 'skip', 'k5_e1_g2', 'k3_e3'];
const data = syntheticDataset({ size: 8, classes: 3, train: 100, test: 30, seed: 1 });
const base = { space, blocks, dataset: data, epochs: 3, batchSize: 16, lr: 0.1, seed: 4 };

describe('trainChild', () => {
  it('learns, keeps the tensor count flat, drops the partial batch and reports the architecture cost', async () => {
    const before = tf.memory().numTensors;
    const progress: TrainProgress[] = [];
    const counts: number[] = [];
    const r = await trainChild({
      ...base,
      batchSize: 12,
      onProgress: (p) => {
        progress.push(p);
        counts.push(tf.memory().numTensors);
      },
    });
    // 100 samples at batch 12: 8 full batches per epoch, the 4 left over are dropped.
    expect(r.totalSteps).toBe(24);
    expect(progress.map((p) => p.step)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(r.history).toHaveLength(3);
    expect(r.history[2].loss).toBeLessThan(r.history[0].loss);
    expect(r.testAccuracy).toBeGreaterThan(0.6); // chance is 1/3
    expect(r.testAccuracy).toBe(r.history[2].testAccuracy);
    // cosine: the lr of the last step of each epoch falls
    expect(r.history[0].lr).toBeGreaterThan(r.history[1].lr);
    expect(r.history[1].lr).toBeGreaterThan(r.history[2].lr);
    const cost = archCost(space, blocks);
    expect([r.macs, r.params]).toEqual([cost.macs, cost.params]);
    r.net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('replays exactly with the same seed and differs with another', async () => {
    const run = async (seed: number) => {
      const r = await trainChild({ ...base, epochs: 1, seed });
      r.net.dispose();
      return r.history.map((h) => [h.loss, h.accuracy, h.testAccuracy]);
    };
    const a = await run(4);
    expect(await run(4)).toEqual(a);
    expect(await run(5)).not.toEqual(a);
  });

  it('stops on an AbortSignal, frees its tensors and rejects with AbortError', async () => {
    const before = tf.memory().numTensors;
    const ctrl = new AbortController();
    let steps = 0;
    const p = trainChild({
      ...base,
      signal: ctrl.signal,
      onProgress: (x) => {
        steps = x.step;
        if (x.step === 2) ctrl.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(steps).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses data that does not fit the space', async () => {
    const other = syntheticDataset({ size: 8, classes: 4, train: 40, test: 8, seed: 1 });
    await expect(trainChild({ ...base, dataset: other })).rejects.toThrow(/4 classes, the space 3/);
    await expect(trainChild({ ...base, batchSize: 101 })).rejects.toThrow(/less than one batch/);
  });
});

describe('measureInference', () => {
  it('times batch-1 forwards after a warm-up and leaks nothing', async () => {
    const r = await trainChild({ ...base, epochs: 1 });
    const before = tf.memory().numTensors;
    const t = await measureInference(r.net, { repeats: 5, warmup: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(t.timesMs).toHaveLength(5);
    expect(t.backend).toBe('cpu');
    expect(t.medianMs).toBeGreaterThan(0);
    const sorted = [...t.timesMs].sort((a, b) => a - b);
    expect(t.medianMs).toBe(sorted[2]);
    expect(t.minMs).toBe(sorted[0]);
    r.net.dispose();
  });
});
