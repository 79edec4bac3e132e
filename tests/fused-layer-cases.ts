/** The fused mixture layer's test cases and the candidate-by-candidate reference it must meet. */
import { expect } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { BLOCK_NAMES, NUM_BLOCKS } from '../src/engine/space/blocks';
import type { Module } from '../src/engine/nn/block';
import { applyBatchNormUpdates, type ParamStore, type BatchNormUpdate } from '../src/engine/nn/params';
import { Rng } from '../src/engine/rng';
import { layerShapes, type LayerShape } from '../src/engine/space/space';
import { microSpace } from './synthetic';

export const randn = (shape: number[], seed: number, scale = 1) => {
  const rng = Rng.fromSeed(seed, 9);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng.normal() * scale),
    shape,
  );
};

/** Random mixture weights that sum to 1 per row, 0 where a block is not allowed. */
export function mixture(rows: number, allowed: boolean[], seed: number): tf.Tensor2D {
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
export function reference(
  blocks: (Module | null)[],
  x: tf.Tensor4D,
  m: tf.Tensor2D,
  ctx: { training: boolean; bnUpdates?: BatchNormUpdate[] },
) {
  const cols = tf.unstack(m, 1);
  const terms = blocks.flatMap((b, i) => (b ? [tf.mul(b.forward(x, ctx), cols[i].reshape([-1, 1, 1, 1]))] : []));
  return tf.addN(terms) as tf.Tensor4D;
}

export interface Outcome {
  y: Float32Array;
  grads: Float32Array[];
  running: Float32Array[];
  /** The output at inference (BN running averages), after the update. */
  inferred: Float32Array;
}

export async function run(
  _blocks: (Module | null)[],
  store: ParamStore,
  x: tf.Tensor4D,
  m: tf.Tensor2D,
  f: (ctx: { training: boolean; bnUpdates: BatchNormUpdate[] }) => tf.Tensor4D,
): Promise<Outcome> {
  const updates: BatchNormUpdate[] = [];
  const probe = randn([...f({ training: false, bnUpdates: [] }).shape], 77);
  const vars = [...store.trainable];
  const { value, grads } = tf.tidy(() => {
    const xs = [x, m];
    const g = tf.grads((..._inputs: tf.Tensor[]) => tf.sum(tf.mul(f({ training: true, bnUpdates: updates }), probe)));
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

/** Worst error relative to the reference's largest magnitude, that magnitude floored at `floor`. */
export const close = (a: Float32Array, b: Float32Array, what: string, tolerance = 2e-4, floor = 1e-3) => {
  expect(a.length, what).toBe(b.length);
  let worst = 0;
  const scale = Math.max(floor, ...Array.from(b, Math.abs));
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  expect(worst, what).toBeLessThan(tolerance);
};

const shapes = layerShapes(microSpace());
export const cases: { what: string; shape: LayerShape; allowed: readonly string[] }[] = [
  { what: 'residual layer, every candidate, identity skip', shape: shapes[1], allowed: BLOCK_NAMES },
  { what: 'stride-2 layer that widens, projection skip', shape: shapes[2], allowed: BLOCK_NAMES },
  { what: 'a grouped candidate alone with skip', shape: shapes[1], allowed: ['k5_e1_g2', 'skip'] },
  { what: 'no skip, two kernel sizes', shape: shapes[3], allowed: ['k3_e1', 'k3_e6', 'k5_e3'] },
  { what: 'skip only', shape: shapes[2], allowed: ['skip'] },
];
