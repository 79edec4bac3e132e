/**
 * The ONNX export runs in onnxruntime (onnxruntime-web's wasm build, in Node) and gives the tfjs
 * model's logits on the same NHWC input, for architectures covering grouped blocks with their
 * channel shuffle, projection skips at stride 1 and 2, residuals, and odd input sizes whose
 * "same" padding is asymmetric.
 */
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import type { BlockName } from '../src/engine/space/blocks';
import { buildLayersModel } from '../src/engine/export';
import { exportOnnxModel, samePads } from '../src/engine/export/onnx';
import { ChildNet } from '../src/engine/nn/childnet';
import { trainChild } from '../src/engine/retrain';
import { Rng } from '../src/engine/rng';
import { layerShapes, makeSpace, numLayers, type Space } from '../src/engine/space/space';
import { syntheticDataset } from './synthetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
  ort.env.wasm.numThreads = 1;
});

/** Gives every 1-D variable (BN γ, β, running mean and variance, fc bias) a value in [0.5, 1.5), so folding BN is tested on more than γ = 1, β = 0. */
async function randomizeBn(net: ChildNet, seed: number): Promise<void> {
  const rng = new Rng(seed);
  for (const v of net.variables) {
    if (v.shape.length !== 1) continue;
    const t = tf.tensor1d(Float32Array.from({ length: v.shape[0] }, () => 0.5 + rng.next()));
    v.assign(t);
    t.dispose();
  }
}

async function parity(net: ChildNet, n: number, seed: number): Promise<{ vsTfjs: number; vsNet: number; scale: number; spread: number }> {
  const s = net.space;
  const rng = new Rng(seed);
  const pixels = Float32Array.from({ length: n * s.inputSize * s.inputSize * s.inputChannels }, () => rng.next());
  const bytes = await exportOnnxModel(net);
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ image: new ort.Tensor('float32', pixels, [n, s.inputSize, s.inputSize, s.inputChannels]) });
  const onnx = out.logits.data as Float32Array;
  expect(out.logits.dims).toEqual([n, s.numClasses]);
  await session.release();

  const model = await buildLayersModel(net);
  const x = tf.tensor4d(pixels, [n, s.inputSize, s.inputSize, s.inputChannels]);
  const [a, b] = tf.tidy(() => [model.predict(x) as tf.Tensor, net.forward(x, false)]);
  const tfjs = (await a.data()) as Float32Array;
  const direct = (await b.data()) as Float32Array;
  tf.dispose([a, b, x]);
  model.dispose();
  let vsTfjs = 0;
  let vsNet = 0;
  for (let i = 0; i < onnx.length; i++) {
    vsTfjs = Math.max(vsTfjs, Math.abs(onnx[i] - tfjs[i]));
    vsNet = Math.max(vsNet, Math.abs(onnx[i] - direct[i]));
  }
  const scale = Math.max(...tfjs.map(Math.abs));
  const r = { vsTfjs, vsNet, scale, spread: Math.max(...onnx) - Math.min(...onnx) };
  process.stderr.write(
    `onnx parity ${s.inputSize}x${s.inputSize}x${s.inputChannels} ${net.blocks.slice(0, 3).join(',')}…: ${JSON.stringify(r)}\n`,
  );
  return r;
}

function arch(space: Space, pattern: BlockName[]): BlockName[] {
  return Array.from({ length: numLayers(space) }, (_, l) => pattern[l % pattern.length]);
}

describe('exportOnnxModel', () => {
  it('pads like tfjs "same": asymmetric (after only) for stride 2 on even sizes', () => {
    expect(samePads(8, 3, 2)).toEqual([0, 1]);
    expect(samePads(9, 3, 2)).toEqual([1, 1]);
    expect(samePads(8, 5, 1)).toEqual([2, 2]);
    expect(samePads(8, 1, 2)).toEqual([0, 0]);
    expect(samePads(7, 5, 2)).toEqual([2, 2]);
  });

  it('a trained net with every block, projection skips at stride 1 and 2: ONNX logits = tfjs logits', async () => {
    const space = makeSpace('small', { inputSize: 8, inputChannels: 1, numClasses: 3, widthMultiplier: 0.25, headChannels: 32 });
    const blocks = arch(space, ['k3_e1_g2', 'skip', 'k5_e1_g2', 'k3_e6', 'skip', 'k5_e3', 'k3_e1', 'k5_e6', 'k3_e3', 'k5_e1']);
    blocks[13] = 'skip';
    blocks[17] = 'skip';
    const shapes = layerShapes(space);
    expect([13, 17].map((l) => [shapes[l].identitySkip, shapes[l].stride])).toEqual([
      [false, 1],
      [false, 2],
    ]);
    const data = syntheticDataset({ size: 8, classes: 3, train: 48, test: 8, seed: 3 });
    const { net } = await trainChild({ space, blocks, dataset: data, epochs: 2, batchSize: 8, lr: 0.05, seed: 2 });
    try {
      const r = await parity(net, 4, 11);
      expect(r.vsTfjs).toBeLessThan(1e-4);
      expect(r.vsNet).toBeLessThan(1e-4);
      expect(r.spread).toBeGreaterThan(0.01);
    } finally {
      net.dispose();
    }
  });

  it('odd input sizes with a stride-2 stem, 3 channels, all-grouped blocks (shuffle at every layer)', async () => {
    for (const [size, stride, pattern] of [
      [9, 2, ['k3_e1_g2', 'k5_e1_g2']],
      [7, 1, ['k5_e1_g2', 'k3_e6', 'skip']],
      [11, 2, ['k5_e6', 'k3_e1_g2', 'k3_e3']],
    ] as [number, number, BlockName[]][]) {
      const base = makeSpace('small', { inputSize: size, inputChannels: 3, numClasses: 5, widthMultiplier: 0.25, headChannels: 24 });
      const space = { ...base, stem: { ...base.stem, stride } };
      const net = new ChildNet(space, arch(space, pattern), new Rng(size));
      try {
        await randomizeBn(net, size);
        const r = await parity(net, 3, size + 1);
        // Random BN statistics can grow the logits to ~1e3, where float32 rounding alone is ~1e-4:
        // the bound is 1e-4 for logits of order 1 and relative (1e-5) beyond.
        const tol = 1e-4 * Math.max(1, r.scale / 10);
        expect(r.vsTfjs, `input ${size}, stem stride ${stride}`).toBeLessThan(tol);
        expect(r.vsNet).toBeLessThan(tol);
        expect(r.spread).toBeGreaterThan(0.01);
      } finally {
        net.dispose();
      }
    }
  });
});
