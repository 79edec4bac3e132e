/**
 * Weights made from the seeded Rng (tf's own initialisers are unseeded), and BatchNorm state
 * whose running averages are updated outside the gradient tape.
 */
import { tf } from '../runtime/tf';
import type { Rng } from '../rng';
import { concatOrOnly } from './ops';
import { flatten, unflatten } from '../search/optim';
import { BLEND } from '../webgpu/names';

export interface BatchNormParams {
  gamma: tf.Variable<tf.Rank.R1>;
  beta: tf.Variable<tf.Rank.R1>;
  /** Running averages used at inference; not trainable. */
  mean: tf.Variable<tf.Rank.R1>;
  variance: tf.Variable<tf.Rank.R1>;
}

/**
 * Batch statistics of one BN call, kept alive until `applyBatchNormUpdates` folds them in. A
 * fused call normalises several BNs' channels side by side: `bns` lists them in channel order and
 * the statistics are their concatenation.
 */
export interface BatchNormUpdate {
  bns: BatchNormParams[];
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/** PyTorch-style: running = (1 − momentum)·running + momentum·batch. */
export const BN_MOMENTUM = 0.1;

/**
 * Stores by the Rng they draw from: a net that keeps its store private still lets the owner of
 * the Rng (the trainer) reach every variable, BN running averages included, for checkpoints.
 */
const STORES = new WeakMap<Rng, ParamStore>();

export class ParamStore {
  readonly trainable: tf.Variable[] = [];
  private readonly owned: tf.Variable[] = [];

  constructor(private readonly rng: Rng) {
    STORES.set(rng, this);
  }

  /** The store created with `rng`, if any. */
  static createdWith(rng: Rng): ParamStore | undefined {
    return STORES.get(rng);
  }

  /** N(0, std²) with std = sqrt(gain / fanIn); gain 2 is He-normal for ReLU nets. */
  normal<R extends tf.Rank>(shape: number[], fanIn: number, gain = 2): tf.Variable<R> {
    const std = Math.sqrt(gain / Math.max(1, fanIn));
    const n = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) v[i] = this.rng.normal() * std;
    return this.variable<R>(v, shape, true);
  }

  constant<R extends tf.Rank>(shape: number[], value: number, trainable: boolean): tf.Variable<R> {
    const n = shape.reduce((a, b) => a * b, 1);
    return this.variable<R>(new Float32Array(n).fill(value), shape, trainable);
  }

  batchNorm(channels: number): BatchNormParams {
    return {
      gamma: this.constant([channels], 1, true),
      beta: this.constant([channels], 0, true),
      mean: this.constant([channels], 0, false),
      variance: this.constant([channels], 1, false),
    };
  }

  private variable<R extends tf.Rank>(values: Float32Array, shape: number[], trainable: boolean): tf.Variable<R> {
    const t = tf.tensor(values, shape, 'float32');
    // No name: tfjs names must be unique per engine, and several nets may coexist.
    const v = tf.variable(t, trainable) as tf.Variable<R>;
    t.dispose();
    this.owned.push(v);
    if (trainable) this.trainable.push(v);
    return v;
  }

  /** Every variable in creation order, BN running averages included (export reads them). */
  get all(): readonly tf.Variable[] {
    return this.owned;
  }
  dispose(): void {
    for (const v of this.owned) v.dispose();
    this.owned.length = 0;
    this.trainable.length = 0;
  }
}

/**
 * Folds batch statistics into the running averages and frees them; call outside the gradient tape.
 * One element-wise update over every BN's channels at once: a supernet has hundreds of BNs, and
 * per-BN updates cost six kernels each.
 */
export function applyBatchNormUpdates(updates: BatchNormUpdate[], momentum = BN_MOMENTUM): void {
  if (updates.length > 0) {
    tf.tidy(() => {
      const bns = updates.flatMap((u) => u.bns);
      if (tf.getKernel(BLEND, tf.getBackend())) {
        // One dispatch for every running average (src/engine/webgpu).
        const running = [...bns.map((b) => b.mean), ...bns.map((b) => b.variance)];
        const batch = flatten([...updates.map((u) => u.mean), ...updates.map((u) => u.variance)]);
        const blended = tf.engine().runKernel(BLEND, { a: flatten(running), b: batch }, { t: momentum }) as tf.Tensor1D;
        unflatten(blended, running).forEach((t, i) => running[i].assign(t as tf.Tensor1D));
        return;
      }
      const sizes = bns.map((b) => b.mean.size);
      const blend = (running: tf.Tensor[], batch: tf.Tensor[]) =>
        tf.split(tf.add(tf.mul(concatOrOnly(running), 1 - momentum), tf.mul(concatOrOnly(batch), momentum)), sizes);
      const means = blend(
        bns.map((b) => b.mean),
        updates.map((u) => u.mean),
      );
      const variances = blend(
        bns.map((b) => b.variance),
        updates.map((u) => u.variance),
      );
      bns.forEach((b, i) => {
        b.mean.assign(means[i] as tf.Tensor1D);
        b.variance.assign(variances[i] as tf.Tensor1D);
      });
    });
  }
  disposeBatchNormUpdates(updates);
}

export function disposeBatchNormUpdates(updates: BatchNormUpdate[]): void {
  for (const u of updates) {
    u.mean.dispose();
    u.variance.dispose();
  }
  updates.length = 0;
}

/** One set of statistics per BN call from several micro-batches: their means (equal-sized chunks). */
export function mergeBatchNormUpdates(chunks: BatchNormUpdate[][]): BatchNormUpdate[] {
  if (chunks.length === 1) return chunks[0];
  const merged = chunks[0].map((u, i) => ({
    bns: u.bns,
    mean: tf.tidy(() => tf.mean(tf.stack(chunks.map((c) => c[i].mean)), 0)) as tf.Tensor1D,
    variance: tf.tidy(() => tf.mean(tf.stack(chunks.map((c) => c[i].variance)), 0)) as tf.Tensor1D,
  }));
  for (const c of chunks) disposeBatchNormUpdates(c);
  return merged;
}
