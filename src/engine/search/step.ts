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
      const y = tf.oneHot(labels, s.numClasses);
      const g = path ? tf.tensor(s.noise, [L, K]) : tf.tensor(s.noise.subarray(c * mb * L * K, (c + 1) * mb * L * K), [mb, L, K]);
      // θ steps need no weight gradients: the hand-written ones are skipped (see ops.ts).
      const differentiate = phase === 'theta' ? withoutWeightGrads : <T>(f: () => T) => f();
      const { grads: named } = differentiate(() =>
        tf.variableGrads(() => {
          const { m, lat } = gumbelWeightsAndLatency(net.theta, net.bias, g, s.tau, s.lut, s.fixedMs, path);
          const logits = path ? net.forwardPath(x, path, m as tf.Tensor2D, ctx) : net.forward(x, m, ctx);
          const ce = tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
          const loss = searchLoss(ce, lat, s.loss);
          const acc = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
          stats = tf.keep(tf.stack([loss, ce, acc, lat]));
          // For w the latency factor is a constant, so minimising the loss and CE agree; training w
          // on CE keeps α and β from silently rescaling the SGD step (β = 3 would multiply it ~500×).
          return phase === 'w' ? ce : loss;
        }, vars),
      );
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
  const ok = tf.tidy(() => {
    const finite = tf.all(tf.isFinite(stats!));
    return phase === 'theta' ? tf.logicalAnd(finite, tf.all(tf.isFinite(grads[0]!))) : finite;
  });
  if (phase === 'theta') s.thetaOpt.apply(grads, s.lr, ok);
  const packed = tf.tidy(() =>
    tf.concat([
      stats!,
      tf.cast(ok, 'float32').reshape([1]),
      tf.reshape(probabilities(net.theta, net.bias), [-1]),
      tf.reshape(net.theta, [-1]),
    ]),
  );
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
