import { afterAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../src/engine/tf';
import { BLOCK_NAMES, NUM_BLOCKS } from '../src/engine/blocks';
import { makeBlock, type Module } from '../src/engine/nn/block';
import { FusedLayer } from '../src/engine/nn/fused-layer';
import { registerWasmCopyKernels } from '../src/engine/wasm-kernels';
import { applyBatchNormUpdates, ParamStore, type BatchNormUpdate } from '../src/engine/nn/params';
import { Rng } from '../src/engine/rng';
import { layerShapes, type LayerShape } from '../src/engine/space';
import { microSpace } from './synthetic';

const randn = (shape: number[], seed: number, scale = 1) => {
  const rng = Rng.fromSeed(seed, 9);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.normal() * scale), shape);
};

/** Random mixture weights that sum to 1 per row, 0 where a block is not allowed. */
function mixture(rows: number, allowed: boolean[], seed: number): tf.Tensor2D {
  const rng = Rng.fromSeed(seed, 3);
  const m = new Float32Array(rows * NUM_BLOCKS);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let i = 0; i < NUM_BLOCKS; i++) sum += m[r * NUM_BLOCKS + i] = allowed[i] ? 0.1 + rng.next() : 0;
    for (let i = 0; i < NUM_BLOCKS; i++) m[r * NUM_BLOCKS + i] /= sum;
  }
  return tf.tensor2d(m, [rows, NUM_BLOCKS]);
}

/** Σ_i m[:, i] · b_i(x), one candidate at a time: the definition the fused layer must meet. */
function reference(blocks: (Module | null)[], x: tf.Tensor4D, m: tf.Tensor2D, ctx: { training: boolean; bnUpdates?: BatchNormUpdate[] }) {
  const cols = tf.unstack(m, 1);
  const terms = blocks.flatMap((b, i) => (b ? [tf.mul(b.forward(x, ctx), cols[i].reshape([-1, 1, 1, 1]))] : []));
  return tf.addN(terms) as tf.Tensor4D;
}

interface Outcome {
  y: Float32Array;
  grads: Float32Array[];
  running: Float32Array[];
  /** The output at inference (BN running averages), after the update. */
  inferred: Float32Array;
}

async function run(blocks: (Module | null)[], store: ParamStore, x: tf.Tensor4D, m: tf.Tensor2D, f: (ctx: { training: boolean; bnUpdates: BatchNormUpdate[] }) => tf.Tensor4D): Promise<Outcome> {
  const updates: BatchNormUpdate[] = [];
  const probe = randn([...f({ training: false, bnUpdates: [] }).shape], 77);
  const vars = [...store.trainable];
  const { value, grads } = tf.tidy(() => {
    const xs = [x, m];
    const g = tf.grads((...inputs: tf.Tensor[]) => tf.sum(tf.mul(f({ training: true, bnUpdates: updates }), probe)));
    const inputGrads = g(xs as [tf.Tensor, tf.Tensor]);
    return { value: tf.keep(f({ training: true, bnUpdates: [] })), grads: [...inputGrads.map((t) => tf.keep(t))] };
  });
  // Gradients of the weights, through the same function.
  const wg = tf.variableGrads(() => tf.sum(tf.mul(f({ training: true, bnUpdates: [] }), probe)) as tf.Scalar, vars);
  const all = [...grads, ...vars.map((v) => wg.grads[v.name])];
  applyBatchNormUpdates(updates.splice(0));
  const inferred = f({ training: false, bnUpdates: [] });
  const out: Outcome = {
    inferred: (await inferred.data()) as Float32Array,
    y: (await value.data()) as Float32Array,
    grads: await Promise.all(all.map(async (t) => (await t.data()) as Float32Array)),
    running: await Promise.all(store.all.filter((v) => !v.trainable).map(async (v) => (await v.data()) as Float32Array)),
  };
  tf.dispose([value, probe, ...all, wg.value, inferred]);
  return out;
}

const close = (a: Float32Array, b: Float32Array, what: string) => {
  expect(a.length, what).toBe(b.length);
  let worst = 0;
  const scale = Math.max(1e-3, ...Array.from(b, Math.abs));
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  expect(worst, what).toBeLessThan(2e-4);
};

const shapes = layerShapes(microSpace());
const cases: { what: string; shape: LayerShape; allowed: readonly string[] }[] = [
  { what: 'residual layer, every candidate, identity skip', shape: shapes[1], allowed: BLOCK_NAMES },
  { what: 'stride-2 layer that widens, projection skip', shape: shapes[2], allowed: BLOCK_NAMES },
  { what: 'a grouped candidate alone with skip', shape: shapes[1], allowed: ['k5_e1_g2', 'skip'] },
  { what: 'no skip, two kernel sizes', shape: shapes[3], allowed: ['k3_e1', 'k3_e6', 'k5_e3'] },
  { what: 'skip only', shape: shapes[2], allowed: ['skip'] },
];

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
      const nonZero = async (g: tf.NamedTensorMap) => (await Promise.all(weights.map(async (v) => (await read(g, v)).some((e) => e !== 0)))).filter(Boolean).length;
      expect(weights.length).toBeGreaterThan(50);
      expect(await nonZero(wFull.grads)).toBe(weights.length);
      expect(await nonZero(wSkipped.grads)).toBe(0);
      net.dispose();
      x.dispose();
    });
  }
});
