/**
 * One optimiser step of the supernet on one batch (docs/method.md §4): gradients (in micro-batches
 * when the batch does not fit), the finiteness guard, the update, and one batched readback.
 */
import { tf } from '../runtime/tf';
import { makeBatch } from '../data/batch';
import { NUM_BLOCKS } from '../space/blocks';
import type { Dataset } from '../data/dataset';
import type { Phase } from './events';
import { searchLoss, type LossWeights } from './loss';
import type { Supernet } from '../nn/supernet';
import { withoutWeightGrads } from '../nn/ops';
import type { ForwardContext } from '../nn/block';
import { applyBatchNormUpdates, disposeBatchNormUpdates, mergeBatchNormUpdates, type BatchNormUpdate } from '../nn/params';
import type { Adam, Grads, MomentumSgd } from './optim';
import { gumbelWeightsAndLatency, probabilities } from './sampling';

export interface StepInputs {
  net: Supernet;
  dataset: Dataset;
  numClasses: number;
  lut: tf.Tensor2D;
  fixedMs: number;
  phase: Phase;
  indices: number[];
  microBatch: number;
  /** Per-sample noise [B, L, K] (mixture), or one draw [L, K] with its path (sampled). */
  noise: Float32Array;
  path: number[] | null;
  tau: number;
  lr: number;
  loss: LossWeights;
  wOpt: MomentumSgd;
  thetaOpt: Adam;
}

export interface StepOutcome {
  /** False when a loss term or θ went non-finite: nothing was applied. */
  finite: boolean;
  loss: number;
  ce: number;
  accuracy: number;
  latencyMs: number;
  /** softmax(θ) and θ after the step, flat [L·K], on the host. */
  probabilities: Float32Array;
  theta: Float32Array;
}

/** acc + t, freeing both inputs (null counts as absent). */
function sumInto(acc: tf.Tensor | null, t: tf.Tensor | null): tf.Tensor | null {
  if (!acc) return t;
  if (!t) return acc;
  const r = tf.add(acc, t);
  acc.dispose();
  t.dispose();
  return r;
}

function scaleInPlace(t: tf.Tensor | null, k: number): tf.Tensor | null {
  if (!t) return t;
  const r = tf.mul(t, k);
  t.dispose();
  return r;
}

export interface BatchLossInputs {
  net: Supernet;
  x: tf.Tensor4D;
  labels: tf.Tensor1D;
  numClasses: number;
  noise: tf.Tensor;
  tau: number;
  lut: tf.Tensor2D;
  fixedMs: number;
  path: number[] | null;
  weights: LossWeights;
  ctx: ForwardContext;
}

/** One batch's forward: CE, the search loss, and the row [loss, CE, accuracy, E[LAT]] the readback carries. */
export function batchLoss(b: BatchLossInputs): { ce: tf.Scalar; loss: tf.Scalar; stats: tf.Tensor1D } {
  const { net, x, labels, path, ctx } = b;
  const { m, lat } = gumbelWeightsAndLatency(net.theta, net.bias, b.noise, b.tau, b.lut, b.fixedMs, path);
  const logits = path ? net.forwardPath(x, path, m as tf.Tensor2D, ctx) : net.forward(x, m, ctx);
  const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, b.numClasses), logits) as tf.Scalar;
  const loss = searchLoss(ce, lat, b.weights);
  const acc = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
  return { ce, loss, stats: tf.stack([loss, ce, acc, lat]) as tf.Tensor1D };
}

/** The gradients of a phase's variables, and the batch's stats row (kept: the caller frees it). */
export function phaseGrads(
  phase: Phase,
  vars: tf.Variable[],
  forward: () => ReturnType<typeof batchLoss>,
): { grads: tf.NamedTensorMap; stats: tf.Tensor1D } {
  let stats: tf.Tensor1D | null = null;
  // θ steps need no weight gradients: the hand-written ones are skipped (see ops.ts).
  const differentiate = phase === 'theta' ? withoutWeightGrads : <T>(f: () => T) => f();
  const { grads } = differentiate(() =>
    tf.variableGrads(() => {
      const { ce, loss, stats: row } = forward();
      stats = tf.keep(row);
      // For w the latency factor is a constant, so minimising the loss and CE agree; training w
      // on CE keeps α and β from silently rescaling the SGD step (β = 3 would multiply it ~500×).
      return phase === 'w' ? ce : loss;
    }, vars),
  );
  return { grads, stats: stats! };
}

/** 1 when the step may be applied: every stat finite, and for θ its gradient too. */
export function finiteFlag(stats: tf.Tensor, thetaGrad: tf.Tensor | null): tf.Tensor {
  return tf.tidy(() => {
    const finite = tf.all(tf.isFinite(stats));
    return thetaGrad ? tf.logicalAnd(finite, tf.all(tf.isFinite(thetaGrad))) : finite;
  });
}

/** What a step reads back, in one vector: the stats row, the flag, softmax(θ) and θ. */
export function readbackVector(stats: tf.Tensor, ok: tf.Tensor, net: Supernet): tf.Tensor1D {
  return tf.tidy(
    () =>
      tf.concat([
        stats,
        tf.cast(ok, 'float32').reshape([1]),
        tf.reshape(probabilities(net.theta, net.bias), [-1]),
        tf.reshape(net.theta, [-1]),
      ]) as tf.Tensor1D,
  );
}

/**
 * The logits validation scores: the noise-free mixture softmax(θ/τ + bias) with BN running averages,
 * or the given path (sampled mode's argmax) at weight 1.
 */
export function validationLogits(net: Supernet, x: tf.Tensor4D, tau: number, path: number[] | null): tf.Tensor2D {
  const ctx = { training: false };
  return path
    ? net.forwardPath(x, path, tf.oneHot(tf.tensor1d(path, 'int32'), NUM_BLOCKS).toFloat() as tf.Tensor2D, ctx)
    : net.forward(x, tf.softmax(tf.add(tf.div(net.theta, tau), net.bias)), ctx);
}

export async function runStep(s: StepInputs): Promise<StepOutcome> {
  const { net, phase, path } = s;
  const L = net.numLayers;
  const K = NUM_BLOCKS;
  const vars = phase === 'w' ? net.weights : [net.theta];
  // Micro-batches bound the activation memory of a mixture step (wasm has a 4 GB heap): each
  // chunk normalises with its own batch statistics and the gradients are averaged, as the
  // paper's 8-GPU run did with 24 images per GPU.
  const mb = s.microBatch;
  const chunks = s.indices.length / mb;
  const chunkUpdates: BatchNormUpdate[][] = [];
  const chunkGrads = (c: number, bnUpdates: BatchNormUpdate[]) => {
    const ctx = { training: true, bnUpdates };
    let stats: tf.Tensor | null = null;
    const grads = tf.tidy(() => {
      const { x, labels } = makeBatch(s.dataset, s.dataset.train, s.indices.slice(c * mb, (c + 1) * mb));
      const g = path ? tf.tensor(s.noise, [L, K]) : tf.tensor(s.noise.subarray(c * mb * L * K, (c + 1) * mb * L * K), [mb, L, K]);
      const { grads: named, stats: chunkStats } = phaseGrads(phase, vars, () =>
        batchLoss({
          net,
          x,
          labels,
          numClasses: s.numClasses,
          noise: g,
          tau: s.tau,
          lut: s.lut,
          fixedMs: s.fixedMs,
          path,
          weights: s.loss,
          ctx,
        }),
      );
      stats = chunkStats;
      return vars.map((v) => named[v.name] ?? null) as Grads as tf.Tensor[];
    }) as Grads;
    return { grads, stats: stats as tf.Tensor | null };
  };
  let grads: Grads = vars.map(() => null);
  let stats: tf.Tensor | null = null;
  try {
    for (let c = 0; c < chunks; c++) {
      const updates: BatchNormUpdate[] = [];
      chunkUpdates.push(updates);
      const r = chunkGrads(c, updates);
      grads = grads.map((a, i) => sumInto(a, r.grads[i])) as Grads;
      stats = sumInto(stats, r.stats);
    }
    if (chunks > 1) {
      grads = grads.map((g) => scaleInPlace(g, 1 / chunks)) as Grads;
      stats = scaleInPlace(stats, 1 / chunks);
    }
  } catch (err) {
    // Kept tensors survive the tidy: free them before reporting.
    for (const u of chunkUpdates) disposeBatchNormUpdates(u);
    for (const g of grads) g?.dispose();
    stats?.dispose();
    throw err;
  }
  const bnUpdates = mergeBatchNormUpdates(chunkUpdates);

  // θ steps update before the readback, guarded on the device, so the probabilities read back
  // (and the host θ that sampled mode draws paths from) are those after this step. w steps
  // leave θ alone and are applied after the readback, once the loss is known to be finite.
  const ok = finiteFlag(stats!, phase === 'theta' ? grads[0] : null);
  if (phase === 'theta') s.thetaOpt.apply(grads, s.lr, ok);
  const packed = readbackVector(stats!, ok, net);
  (stats as tf.Tensor | null)?.dispose();
  ok.dispose();
  let host: Float32Array;
  try {
    host = (await packed.data()) as Float32Array;
  } finally {
    packed.dispose();
  }
  const [loss, ce, accuracy, latencyMs, okFlag] = host;
  const theta = host.slice(5 + L * K);
  const finite = okFlag === 1 && theta.every(Number.isFinite);
  if (!finite) {
    if (phase === 'theta') s.thetaOpt.discardLastStep();
  } else if (phase === 'w') {
    s.wOpt.apply(grads, s.lr);
  }
  for (const g of grads) g?.dispose();
  if (finite) applyBatchNormUpdates(bnUpdates);
  else disposeBatchNormUpdates(bnUpdates);
  return { finite, loss, ce, accuracy, latencyMs, probabilities: host.slice(5, 5 + L * K), theta };
}
