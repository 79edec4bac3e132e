/**
 * Retraining one fixed architecture from scratch (docs/method.md §5): a plain
 * ChildNet, SGD with momentum, cosine learning rate, weight decay, BN running averages. Fixed batch
 * shape (the last partial batch is dropped), one readback per step, every random number seeded.
 */
import { tf } from '../runtime/tf';
import type { BlockName } from '../space/blocks';
import { archCost } from '../space/costs';
import type { Dataset } from '../data/dataset';
import { ChildNet } from '../nn/childnet';
import { applyBatchNormUpdates, disposeBatchNormUpdates, type BatchNormUpdate } from '../nn/params';
import { MomentumSgd, type Grads } from '../search/optim';
import { Rng } from '../rng';
import type { Space } from '../space/space';
import { makeBatch } from '../data/batch';
import { evaluate } from './evaluate';

/** Rng streams of the seed, separate so changing the data order leaves the initial weights alone. */
const STREAM = { init: 0, data: 1 } as const;

export interface TrainProgress {
  epoch: number;
  step: number;
  totalSteps: number;
  loss: number;
  accuracy: number;
}

export interface EpochRecord {
  epoch: number;
  /** Means over the epoch's steps, on training batches (BN in training mode). */
  loss: number;
  accuracy: number;
  testAccuracy: number;
  lr: number;
  ms: number;
}

export interface TrainChildOptions {
  space: Space;
  blocks: BlockName[];
  dataset: Dataset;
  epochs: number;
  batchSize: number;
  /** Peak learning rate; cosine-decayed to 0 over all steps. */
  lr: number;
  momentum?: number;
  weightDecay?: number;
  seed: number;
  onProgress?: (p: TrainProgress) => void;
  /** Called after each epoch's test evaluation. */
  onEpoch?: (e: EpochRecord) => void;
  signal?: AbortSignal;
}

export interface TrainChildResult {
  net: ChildNet;
  testAccuracy: number;
  history: EpochRecord[];
  macs: number;
  params: number;
  totalSteps: number;
}

export class TrainDivergedError extends Error {}

function abortError(): Error {
  const e = new Error('training was cancelled');
  e.name = 'AbortError';
  return e;
}

export function checkDataset(space: Space, d: Dataset): void {
  if (d.size !== space.inputSize || d.channels !== space.inputChannels) {
    throw new Error(
      `dataset "${d.name}" is ${d.size}×${d.size}×${d.channels}, the space expects ${space.inputSize}×${space.inputSize}×${space.inputChannels}`,
    );
  }
  if (d.numClasses !== space.numClasses) throw new Error(`dataset "${d.name}" has ${d.numClasses} classes, the space ${space.numClasses}`);
}

/** The caller owns the returned net (dispose it). On cancel or divergence everything is freed and the promise rejects. */
export async function trainChild(opts: TrainChildOptions): Promise<TrainChildResult> {
  const { space, blocks, dataset, epochs, batchSize: B, seed } = opts;
  await tf.ready();
  checkDataset(space, dataset);
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(B) || B < 1) throw new Error(`batch size must be a positive integer, got ${B}`);
  const stepsPerEpoch = Math.floor(dataset.train.n / B);
  if (stepsPerEpoch < 1) throw new Error(`${dataset.train.n} training samples give less than one batch of ${B}`);
  const totalSteps = epochs * stepsPerEpoch;
  const cost = archCost(space, blocks);

  const net = new ChildNet(space, blocks, Rng.fromSeed(seed, STREAM.init));
  const vars = net.trainableVariables;
  const opt = new MomentumSgd(vars, opts.momentum ?? 0.9, opts.weightDecay ?? 1e-4);
  const dataRng = Rng.fromSeed(seed, STREAM.data);
  const history: EpochRecord[] = [];
  let ok = false;
  try {
    let step = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const t0 = performance.now();
      const order = dataRng.shuffle(Array.from({ length: dataset.train.n }, (_, i) => i));
      let lossSum = 0;
      let accSum = 0;
      let lr = opts.lr;
      for (let k = 0; k < stepsPerEpoch; k++) {
        if (opts.signal?.aborted) throw abortError();
        lr = opts.lr * 0.5 * (1 + Math.cos((Math.PI * step) / totalSteps));
        const [loss, accuracy] = await trainStep(net, vars, opt, dataset, order.slice(k * B, (k + 1) * B), lr);
        if (!Number.isFinite(loss)) {
          throw new TrainDivergedError(
            `the loss became ${loss} at step ${step + 1} (epoch ${epoch + 1}, lr ${lr.toPrecision(3)}): lower the learning rate`,
          );
        }
        step++;
        lossSum += loss;
        accSum += accuracy;
        opts.onProgress?.({ epoch, step, totalSteps, loss, accuracy });
        // Lets a worker's cancel message in between steps.
        await new Promise<void>((r) => setTimeout(r, 0));
      }
      if (opts.signal?.aborted) throw abortError();
      const testAccuracy = await evaluate(net, dataset.test, dataset, B);
      const rec = { epoch, loss: lossSum / stepsPerEpoch, accuracy: accSum / stepsPerEpoch, testAccuracy, lr, ms: performance.now() - t0 };
      history.push(rec);
      opts.onEpoch?.(rec);
    }
    ok = true;
    return { net, testAccuracy: history[history.length - 1].testAccuracy, history, macs: cost.macs, params: cost.params, totalSteps };
  } finally {
    opt.dispose();
    if (!ok) net.dispose();
  }
}

async function trainStep(
  net: ChildNet,
  vars: tf.Variable[],
  opt: MomentumSgd,
  d: Dataset,
  idx: number[],
  lr: number,
): Promise<[number, number]> {
  const bnUpdates: BatchNormUpdate[] = [];
  let stats: tf.Tensor | null = null;
  const grads = tf.tidy(() => {
    const { x, labels } = makeBatch(d, d.train, idx);
    const y = tf.oneHot(labels, d.numClasses);
    const { grads: named } = tf.variableGrads(() => {
      const logits = net.forward(x, true, bnUpdates);
      const loss = tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
      const acc = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
      stats = tf.keep(tf.stack([loss, acc]));
      return loss;
    }, vars);
    return vars.map((v) => named[v.name] ?? null) as tf.Tensor[];
  }) as Grads;
  const s = stats as tf.Tensor | null;
  let host: Float32Array;
  try {
    host = (await s!.data()) as Float32Array;
  } finally {
    s?.dispose();
  }
  if (Number.isFinite(host[0])) {
    opt.apply(grads, lr);
    applyBatchNormUpdates(bnUpdates);
  } else {
    disposeBatchNormUpdates(bnUpdates);
  }
  for (const g of grads) g?.dispose();
  return [host[0], host[1]];
}
