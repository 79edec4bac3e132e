import { afterAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../src/engine/runtime/tf';
import { BLOCK_NAMES } from '../src/engine/space/blocks';
import { makeBlock } from '../src/engine/nn/block';
import { FusedLayer } from '../src/engine/nn/fused-layer';
import { registerWasmCopyKernels } from '../src/engine/runtime/wasm-kernels';
import { ParamStore } from '../src/engine/nn/params';
import { Rng } from '../src/engine/rng';
import { microSpace } from './synthetic';
import { cases, close, mixture, randn, reference, run } from './fused-layer-cases';

afterAll(async () => {
  await tf.setBackend('cpu');
});

for (const backend of ['cpu', 'wasm']) {
  describe(`fused mixture layer on ${backend}`, () => {
    for (const c of cases) {
      for (const rows of [3, 1]) {
        it(`${c.what}, ${rows === 1 ? 'one mixture for the batch' : 'a mixture per sample'}: value, every gradient, the BN running averages and the output at inference equal the candidates run one by one`, async () => {
          expect(await tf.setBackend(backend)).toBe(true);
          if (backend === 'wasm') registerWasmCopyKernels();
          const allowed = BLOCK_NAMES.map((b) => c.allowed.includes(b));
          const build = () => {
            const store = new ParamStore(Rng.fromSeed(4));
            const blocks = BLOCK_NAMES.map((b, i) => (allowed[i] ? makeBlock(b, c.shape, store) : null));
            return { store, blocks };
          };
          const x = randn([3, c.shape.inputSize, c.shape.inputSize, c.shape.cIn], 5) as tf.Tensor4D;
          const m = mixture(rows, allowed, 6);
          const a = build();
          const b = build();
          const fused = new FusedLayer(b.blocks, c.shape);
          const want = await run(a.blocks, a.store, x, m, (ctx) => reference(a.blocks, x, m, ctx));
          const got = await run(b.blocks, b.store, x, m, (ctx) => fused.forward(x, m, ctx));
          close(got.y, want.y, 'output');
          want.grads.forEach((g, i) => close(got.grads[i], g, `gradient ${i}`));
          want.running.forEach((r, i) => close(got.running[i], r, `running average ${i}`));
          close(got.inferred, want.inferred, 'output at inference');
          fused.dispose();
          a.store.dispose();
          b.store.dispose();
          tf.dispose([x, m]);
        });
      }
    }
  });
}

describe('θ steps skip the weight gradients', () => {
  for (const backend of ['cpu', 'wasm']) {
    it(`on ${backend}: the θ gradient is unchanged, and weight gradients come back as zeros`, async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      const { Supernet } = await import('../src/engine/nn/supernet');
      const { withoutWeightGrads } = await import('../src/engine/nn/ops');
      const space = microSpace([...BLOCK_NAMES]);
      const net = new Supernet(space, Rng.fromSeed(8));
      const x = randn([3, 8, 8, 1], 9) as tf.Tensor4D;
      const loss = () => {
        const m = tf.softmax(tf.add(net.theta, randn(net.theta.shape, 10, 0.5)));
        return tf.sum(tf.square(net.forward(x, m, { training: true }))) as tf.Scalar;
      };
      const read = async (g: tf.NamedTensorMap, v: tf.Variable) => Array.from(await g[v.name].data());
      const full = tf.variableGrads(loss, [net.theta]);
      const skipped = withoutWeightGrads(() => tf.variableGrads(loss, [net.theta]));
      expect(await read(skipped.grads, net.theta)).toEqual(await read(full.grads, net.theta));
      // Conv and 1×1 weights (rank ≥ 3) carry the hand-written gradients; BN's γ/β and the fc do not.
      const weights = net.weights.filter((v) => v.rank >= 3);
      const wFull = tf.variableGrads(loss, weights);
      const wSkipped = withoutWeightGrads(() => tf.variableGrads(loss, weights));
      const nonZero = async (g: tf.NamedTensorMap) =>
        (await Promise.all(weights.map(async (v) => (await read(g, v)).some((e) => e !== 0)))).filter(Boolean).length;
      expect(weights.length).toBeGreaterThan(50);
      expect(await nonZero(wFull.grads)).toBe(weights.length);
      expect(await nonZero(wSkipped.grads)).toBe(0);
      net.dispose();
      x.dispose();
    });
  }
});
