import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import * as ops from '../src/engine/nn/ops';
import { makeBlock } from '../src/engine/nn/block';
import { ParamStore, applyBatchNormUpdates, type BatchNormUpdate } from '../src/engine/nn/params';
import { Supernet } from '../src/engine/nn/supernet';
import { ChildNet } from '../src/engine/nn/childnet';
import { BLOCK_NAMES, NUM_BLOCKS } from '../src/engine/space/blocks';
import { archCost } from '../src/engine/space/costs';
import { Rng } from '../src/engine/rng';
import { layerShapes } from '../src/engine/space/space';
import { microSpace } from './synthetic';

const randn = (shape: number[], seed: number) => {
  const rng = Rng.fromSeed(seed, 9);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng.normal()),
    shape,
  );
};
const maxAbsDiff = async (a: tf.Tensor, b: tf.Tensor) => {
  const d = tf.max(tf.abs(tf.sub(a, b)));
  const [v] = await d.data();
  d.dispose();
  return v;
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('blocks', () => {
  it('grouped pointwise equals a dense 1×1 conv with a block-diagonal weight', async () => {
    const x = randn([2, 3, 3, 8], 1) as tf.Tensor4D;
    const w = randn([2, 4, 6], 2) as tf.Tensor3D; // 2 groups, 4 → 6 each: 8 → 12
    const wv = await w.data();
    const dense = new Float32Array(8 * 12);
    for (let g = 0; g < 2; g++)
      for (let i = 0; i < 4; i++) for (let o = 0; o < 6; o++) dense[(g * 4 + i) * 12 + g * 6 + o] = wv[(g * 4 + i) * 6 + o];
    const want = tf.conv2d(x, tf.tensor4d(dense, [1, 1, 8, 12]), 1, 'same');
    const got = ops.pointwise(x, w, 2);
    expect(got.shape).toEqual([2, 3, 3, 12]);
    expect(await maxAbsDiff(got, want)).toBeLessThan(1e-5);
    tf.dispose([x, w, want, got]);
  });

  it('builds all nine candidates with the right output shapes; identity skip returns its input', () => {
    const shapes = layerShapes(microSpace());
    const p = new ParamStore(Rng.fromSeed(1));
    for (const shape of [shapes[1], shapes[2]]) {
      const x = randn([2, shape.inputSize, shape.inputSize, shape.cIn], 3) as tf.Tensor4D;
      for (const name of BLOCK_NAMES) {
        const y = tf.tidy(() => makeBlock(name, shape, p).forward(x, { training: true }));
        expect(y.shape).toEqual([2, shape.outputSize, shape.outputSize, shape.cOut]);
        if (name === 'skip' && shape.identitySkip) expect(y).toBe(x);
        else y.dispose();
      }
      x.dispose();
    }
    p.dispose();
  });

  it('BatchNorm trains on batch statistics, folds them into running averages, and infers with those', async () => {
    const p = new ParamStore(Rng.fromSeed(1));
    const bn = p.batchNorm(2);
    const x = tf.tensor4d([1, 10, 3, 20, 5, 30, 7, 40], [4, 1, 1, 2]);
    const updates: BatchNormUpdate[] = [];
    const { batchNorm } = await import('../src/engine/nn/block');
    const yTrain = batchNorm(x, bn, { training: true, bnUpdates: updates });
    expect(Array.from(await tf.mean(yTrain, [0, 1, 2]).data()).every((v) => Math.abs(v) < 1e-5)).toBe(true);
    applyBatchNormUpdates(updates);
    expect(updates).toHaveLength(0);
    const mean = Array.from(await bn.mean.data());
    expect(mean[0]).toBeCloseTo(0.1 * 4, 5);
    expect(mean[1]).toBeCloseTo(0.1 * 25, 5);
    const variance = Array.from(await bn.variance.data());
    expect(variance[0]).toBeCloseTo(0.9 + 0.1 * 5, 4); // biased batch variance of 1,3,5,7 is 5
    const yInfer = batchNorm(x, bn, { training: false });
    const expected = (1 - mean[0]) / Math.sqrt(variance[0] + ops.BN_EPSILON);
    expect((await yInfer.data())[0]).toBeCloseTo(expected, 4);
    tf.dispose([x, yTrain, yInfer]);
    p.dispose();
  });
});

describe('supernet', () => {
  it('initialises weights from the seed, θ at 0, and builds only allowed blocks', async () => {
    const space = microSpace(['k3_e1', 'skip']);
    const a = new Supernet(space, Rng.fromSeed(5));
    const b = new Supernet(space, Rng.fromSeed(5));
    const c = new Supernet(space, Rng.fromSeed(6));
    expect(a.weights.length).toBe(b.weights.length);
    expect(await maxAbsDiff(a.weights[0], b.weights[0])).toBe(0);
    expect(await maxAbsDiff(a.weights[0], c.weights[0])).toBeGreaterThan(0);
    expect(Array.from(await a.theta.data()).every((v) => v === 0)).toBe(true);
    const bigger = new Supernet(microSpace(['k3_e1', 'k3_e6', 'skip']), Rng.fromSeed(5));
    expect(bigger.weights.length).toBeGreaterThan(a.weights.length);
    [a, b, c, bigger].forEach((n) => n.dispose());
  });

  it('a one-hot mixture equals the single path, and per-sample masks act per sample', async () => {
    const space = microSpace();
    const net = new Supernet(space, Rng.fromSeed(2));
    const L = net.numLayers;
    const x = randn([2, 8, 8, 1], 4) as tf.Tensor4D;
    const pathA = [0, 2, 8, 5];
    const pathB = [8, 0, 2, 0];
    const onehot = (p: number[]) => tf.oneHot(tf.tensor1d(p, 'int32'), NUM_BLOCKS).toFloat() as tf.Tensor2D;
    const ctx = { training: false };
    const mixA = net.forward(x, onehot(pathA), ctx);
    const single = net.forwardPath(x, pathA, onehot(pathA), ctx);
    expect(await maxAbsDiff(mixA, single)).toBeLessThan(1e-5);
    // sample 0 follows path A, sample 1 path B
    const perSample = tf.stack([onehot(pathA), onehot(pathB)]);
    const mixed = net.forward(x, perSample, ctx);
    const singleB = net.forwardPath(x, pathB, onehot(pathB), ctx);
    expect(await maxAbsDiff(mixed.slice([0, 0], [1, -1]), single.slice([0, 0], [1, -1]))).toBeLessThan(1e-5);
    expect(await maxAbsDiff(mixed.slice([1, 0], [1, -1]), singleB.slice([1, 0], [1, -1]))).toBeLessThan(1e-5);
    expect(L).toBe(4);
    net.dispose();
  });

  it('a soft mixture differs from its pure paths, which it reproduces at the one-hot extremes', async () => {
    const net = new Supernet(microSpace(['k3_e1', 'skip']), Rng.fromSeed(3));
    const x = randn([2, 8, 8, 1], 5) as tf.Tensor4D;
    const ctx = { training: false };
    // Only the last layer mixed: 0.3·k3_e1 + 0.7·skip, earlier layers fixed to k3_e1.
    const rows = (last: number[]) => tf.tensor2d([...[0, 1, 2].map(() => BLOCK_NAMES.map((_, i) => (i === 0 ? 1 : 0))), last]);
    const e = (i: number) => BLOCK_NAMES.map((_, k) => (k === i ? 1 : 0));
    const mixed = net.forward(x, rows(BLOCK_NAMES.map((_, k) => (k === 0 ? 0.3 : k === 8 ? 0.7 : 0))), ctx);
    const pure0 = net.forward(x, rows(e(0)), ctx);
    const pure8 = net.forward(x, rows(e(8)), ctx);
    expect(await maxAbsDiff(pure0, net.forwardPath(x, [0, 0, 0, 0], rows(e(0)), ctx))).toBeLessThan(1e-5);
    expect(await maxAbsDiff(pure8, net.forwardPath(x, [0, 0, 0, 8], rows(e(8)), ctx))).toBeLessThan(1e-5);
    expect(await maxAbsDiff(mixed, pure0)).toBeGreaterThan(1e-4);
    expect(await maxAbsDiff(mixed, pure8)).toBeGreaterThan(1e-4);
    net.dispose();
  });
});

describe('ChildNet', () => {
  it('has exactly the parameters the cost model counts, and trains its BN averages on request', async () => {
    const space = microSpace(['k3_e1', 'k5_e1_g2', 'k3_e6', 'skip']);
    const blocks = ['k5_e1_g2', 'k3_e6', 'skip', 'k3_e1'] as const;
    const net = new ChildNet(space, [...blocks], Rng.fromSeed(1));
    const count = net.trainableVariables.reduce((s, v) => s + v.size, 0);
    expect(count).toBe(archCost(space, [...blocks]).params);
    const x = randn([4, 8, 8, 1], 6) as tf.Tensor4D;
    const updates: BatchNormUpdate[] = [];
    const logits = net.forward(x, true, updates);
    expect(logits.shape).toEqual([4, 3]);
    expect(updates.length).toBeGreaterThan(0);
    const before = tf.memory().numTensors;
    applyBatchNormUpdates(updates);
    expect(tf.memory().numTensors).toBeLessThan(before);
    expect(() => new ChildNet(space, ['k5_e6', 'k3_e1', 'skip', 'skip'], Rng.fromSeed(1))).toThrow(/not allowed/);
    net.dispose();
  });
});
