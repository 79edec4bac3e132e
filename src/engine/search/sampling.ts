/**
 * Gumbel-softmax weights (docs/method.md §4) and sampling architectures from P_θ.
 * Noise always comes from a seeded Rng and is uploaded, so runs replay exactly on any backend.
 */
import { tf } from '../runtime/tf';
import type { Rng } from '../rng';
import { expectedLatencyMs } from './loss';
import { gumbelLatency } from '../webgpu/gumbel-latency';
import { GUMBEL_LATENCY } from '../webgpu/names';

/** Added to the logits of disallowed blocks: exp underflows to exactly 0, and no −Inf − (−Inf) NaN can occur. */
export const MASKED_LOGIT = -1e9;

/** The additive mask [layers, blocks]: 0 where allowed, MASKED_LOGIT elsewhere. */
export function maskBias(mask: boolean[][]): tf.Tensor2D {
  return tf.tensor2d(mask.map((row) => row.map((ok) => (ok ? 0 : MASKED_LOGIT))));
}

/** `count` standard Gumbel draws. */
export function gumbelNoise(rng: Rng, count: number): Float32Array {
  const g = new Float32Array(count);
  for (let i = 0; i < count; i++) g[i] = rng.gumbel();
  return g;
}

/**
 * m = softmax((θ + g)/τ) over the blocks of each layer, with disallowed blocks at exactly 0.
 * theta: [L, K]; noise: [..., L, K] (e.g. one draw per sample: [B, L, K]).
 */
export function gumbelSoftmax(theta: tf.Tensor2D, bias: tf.Tensor2D, noise: tf.Tensor, tau: number): tf.Tensor {
  return tf.tidy(() => tf.softmax(tf.add(tf.div(tf.add(theta, noise), tau), bias)));
}

/**
 * Hard Gumbel-softmax with the straight-through estimator: the value is onehot(choice), the
 * gradient is that of the soft weights. `choice` holds the argmax of θ + g per layer.
 */
export function straightThrough(soft: tf.Tensor2D, choice: number[]): tf.Tensor2D {
  // tfjs has no stop_gradient: onehot + soft − sg(soft) is written as a custom gradient instead.
  const st = tf.customGrad(((s: tf.Tensor) => ({
    value: tf.oneHot(tf.tensor1d(choice, 'int32'), s.shape[1] as number).toFloat(),
    gradFunc: (dy: tf.Tensor) => dy,
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return tf.tidy(() => st(soft) as tf.Tensor2D);
}

/**
 * A step's architecture weights m and the batch's mean E[LAT] in ms (docs/method.md §4): m is the
 * Gumbel-softmax of θ with `noise` [..., L, K], or with `path` (sampled mode) the path's one-hot
 * with the soft weights' gradient. On WebGPU both come from one kernel (src/engine/webgpu).
 */
export function gumbelWeightsAndLatency(
  theta: tf.Tensor2D,
  bias: tf.Tensor2D,
  noise: tf.Tensor,
  tau: number,
  lut: tf.Tensor2D,
  fixedMs: number,
  path: number[] | null,
): { m: tf.Tensor; lat: tf.Scalar } {
  if (tf.getKernel(GUMBEL_LATENCY, tf.getBackend())) return gumbelLatency(theta, bias, noise, tau, lut, fixedMs, path);
  const soft = gumbelSoftmax(theta, bias, noise, tau);
  const m = path ? straightThrough(soft as tf.Tensor2D, path) : soft;
  return { m, lat: tf.mean(expectedLatencyMs(m, lut, fixedMs)) as tf.Scalar };
}

/** P_θ per layer: softmax(θ) with disallowed blocks at 0. */
export function probabilities(theta: tf.Tensor2D, bias: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.softmax(tf.add(theta, bias)) as tf.Tensor2D);
}

/** Host-side: argmax of (θ + g) per layer among allowed blocks, i.e. one hard Gumbel sample. */
export function hardSample(theta: ArrayLike<number>, noise: ArrayLike<number>, mask: boolean[][]): number[] {
  const k = mask[0]?.length ?? 0;
  return mask.map((row, l) => {
    let best = -1;
    let bestV = -Infinity;
    for (let i = 0; i < k; i++) {
      if (!row[i]) continue;
      const v = theta[l * k + i] + noise[l * k + i];
      if (best < 0 || v > bestV) {
        best = i;
        bestV = v;
      }
    }
    return best;
  });
}

export function argmaxPerLayer(probs: number[][]): number[] {
  return probs.map((row) => row.reduce((best, p, i) => (p > row[best] ? i : best), 0));
}

/** Inverse-CDF sample of one block per layer from P_θ. */
export function sampleFromProbabilities(probs: number[][], rng: Rng): number[] {
  return probs.map((row) => {
    const u = rng.next();
    let acc = 0;
    let last = 0;
    for (let i = 0; i < row.length; i++) {
      if (row[i] <= 0) continue;
      last = i;
      acc += row[i];
      if (u < acc) return i;
    }
    return last;
  });
}

/** Rebuilds a [rows][cols] matrix from a flat buffer. */
export function toMatrix(flat: ArrayLike<number>, rows: number, cols: number, offset = 0): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => flat[offset + r * cols + c]));
}
