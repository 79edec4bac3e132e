import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { activationBytesPerImage, autoMicroBatch } from '../src/engine/search/memory';
import { searchConfigSchema } from '../src/engine/schemas';
import { makeSpace } from '../src/engine/space/space';
import { Search } from '../src/engine/search';
import { microSpace, syntheticDataset, syntheticTable } from './synthetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('micro-batches', () => {
  it('estimates activation memory that grows with input size and shrinks in sampled mode', () => {
    const small = makeSpace('small', { inputSize: 16, widthMultiplier: 0.25, headChannels: 64 });
    const big = makeSpace('small', { inputSize: 28, widthMultiplier: 0.25 });
    expect(activationBytesPerImage(big)).toBeGreaterThan(2.5 * activationBytesPerImage(small));
    expect(activationBytesPerImage(big, 'sampled')).toBeLessThan(activationBytesPerImage(big) / 4);
  });

  it('splits a batch that would not fit the wasm heap into the largest fitting divisor', () => {
    const big = makeSpace('small', { inputSize: 28, widthMultiplier: 0.25, inputChannels: 1, numClasses: 10 });
    const mb = autoMicroBatch(big, 32, 'wasm');
    expect(32 % mb).toBe(0);
    expect(mb).toBeLessThan(32);
    expect(mb * activationBytesPerImage(big)).toBeLessThanOrEqual(600e6);
    expect((2 * mb <= 32 && 32 % (2 * mb) === 0 ? 2 * mb : Infinity) * activationBytesPerImage(big)).toBeGreaterThan(600e6);
    const preset = makeSpace('small', { inputSize: 16, widthMultiplier: 0.25, headChannels: 64, inputChannels: 1, numClasses: 10 });
    expect(autoMicroBatch(preset, 16, 'wasm')).toBe(16);
  });

  it('refuses a micro-batch that does not divide the batch', () => {
    const r = searchConfigSchema.safeParse({ batchSize: 16, microBatch: 5 });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('must divide the batch size 16');
  });

  it('trains with micro-batches: loss falls and tensors stay flat', async () => {
    const space = microSpace();
    const dataset = syntheticDataset({ size: 8, classes: 3, train: 96, test: 24, seed: 3 });
    const table = syntheticTable(space);
    const config = searchConfigSchema.parse({
      space,
      epochs: 3,
      warmupEpochs: 1,
      batchSize: 8,
      microBatch: 4,
      trainSamples: 96,
      seed: 4,
      wLr: 0.05,
    });
    const s = await Search.create({ config, dataset, table, space });
    const losses: number[] = [];
    const tensors: number[] = [];
    for (let i = 0; i < 12; i++) {
      for (const e of await s.step()) if (e.type === 'step') losses.push(e.ce);
      tensors.push(tf.memory().numTensors);
    }
    s.dispose();
    expect(losses.every(Number.isFinite)).toBe(true);
    const mean = (v: number[]) => v.reduce((a, b) => a + b) / v.length;
    expect(mean(losses.slice(-3))).toBeLessThan(mean(losses.slice(0, 3)));
    expect(new Set(tensors.slice(2)).size).toBe(1);
  });

  it('averages the gradients of its chunks: one batch of 8 in chunks of 4 equals two batches of 4 taken separately', async () => {
    // Independent computation: a search with batch 4 sees the same images (the w order does not
    // depend on the batch size) and the same Gumbel draws (drawn in the same sequence) in its first
    // two steps. A learning rate far below float32's resolution leaves the weights as they were,
    // so the momentum buffers hold the raw gradients: v1 = g1, v2 = μ·g1 + g2.
    const space = microSpace();
    const dataset = syntheticDataset({ size: 8, classes: 3, train: 96, test: 24, seed: 3 });
    const table = syntheticTable(space);
    const base = { space, epochs: 3, warmupEpochs: 1, trainSamples: 96, seed: 4, wLr: 1e-30, wWeightDecay: 0, wMomentum: 0.9 };
    const velocity = async (s: Search) => Promise.all(s.wOpt.slots.map(async (v) => Float32Array.from(await v.data())));
    const split = await Search.create({
      config: searchConfigSchema.parse({ ...base, batchSize: 8, microBatch: 4 }),
      dataset,
      table,
      space,
    });
    await split.step();
    const chunked = await velocity(split);
    split.dispose();
    const single = await Search.create({ config: searchConfigSchema.parse({ ...base, batchSize: 4 }), dataset, table, space });
    await single.step();
    const g1 = await velocity(single);
    await single.step();
    const v2 = await velocity(single);
    single.dispose();
    let worst = 0;
    let scale = 0;
    chunked.forEach((v, i) => {
      for (let j = 0; j < v.length; j++) {
        const g2 = v2[i][j] - 0.9 * g1[i][j];
        const want = (g1[i][j] + g2) / 2;
        worst = Math.max(worst, Math.abs(v[j] - want));
        scale = Math.max(scale, Math.abs(want));
      }
    });
    expect(scale).toBeGreaterThan(1e-3);
    expect(worst / scale).toBeLessThan(1e-4);
  });
});
