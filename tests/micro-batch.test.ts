import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/tf';
import { activationBytesPerImage, autoMicroBatch } from '../src/engine/memory';
import { searchConfigSchema } from '../src/engine/schemas';
import { makeSpace } from '../src/engine/space';
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

  it('trains with micro-batches: loss falls, tensors stay flat, and one chunk equals no split', async () => {
    const space = microSpace();
    const dataset = syntheticDataset({ size: 8, classes: 3, train: 96, test: 24, seed: 3 });
    const table = syntheticTable(space);
    const base = { space, epochs: 3, warmupEpochs: 1, batchSize: 8, trainSamples: 96, seed: 4, wLr: 0.05 };
    const run = async (microBatch: number | undefined, steps: number) => {
      const s = await Search.create({ config: searchConfigSchema.parse({ ...base, microBatch }), dataset, table, space });
      const losses: number[] = [];
      const tensors: number[] = [];
      for (let i = 0; i < steps; i++) {
        for (const e of await s.step()) if (e.type === 'step') losses.push(e.ce);
        tensors.push(tf.memory().numTensors);
      }
      s.dispose();
      return { losses, tensors };
    };
    const split = await run(4, 12);
    expect(split.losses.every(Number.isFinite)).toBe(true);
    const head = split.losses.slice(0, 3).reduce((a, b) => a + b) / 3;
    const tail = split.losses.slice(-3).reduce((a, b) => a + b) / 3;
    expect(tail).toBeLessThan(head);
    expect(new Set(split.tensors.slice(2)).size).toBe(1);
    const whole = await run(undefined, 3);
    const one = await run(8, 3);
    expect(one.losses).toEqual(whole.losses);
    expect(split.losses.slice(0, 3)).not.toEqual(whole.losses);
  });
});
