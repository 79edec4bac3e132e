/**
 * The latency-aware loss (docs/method.md §3–4). E[LAT] is taken per sample (each sample has its own
 * Gumbel mask) and then averaged over the batch; the loss uses that batch mean.
 */
import { tf } from '../runtime/tf';
import type { LossForm } from '../schemas';

/** Below e µs, log LAT would be ≤ 1 and (log LAT)^β's gradient blows up (or NaN at ≤ 0); real tables are far above. */
export const MIN_LATENCY_US = Math.E;

/** E[LAT] in ms = Σ_l Σ_i m[..., l, i] · LUT[l][i] + fixed; m is [..., layers, 9], the result [...]. */
export function expectedLatencyMs(m: tf.Tensor, lut: tf.Tensor2D, fixedMs: number): tf.Tensor {
  return tf.tidy(() => tf.add(tf.sum(tf.mul(m, lut), [-2, -1]), fixedMs));
}

export interface LossWeights {
  alpha: number;
  beta: number;
  /** The target form's T in ms. */
  targetMs: number;
  form: LossForm;
}

/**
 * paper:    CE · α · (log LAT_µs)^β      (α only rescales; β trades accuracy for latency)
 * additive: CE + α · (log LAT_µs)^β      (α is the trade-off knob)
 * target:   CE · max(1, LAT / T)^β       (no pressure below T; above it, 1 % more latency costs β % more loss)
 * β = 0 switches the latency term off in every form.
 */
export function searchLoss(ce: tf.Scalar, latencyMs: tf.Scalar, w: LossWeights): tf.Scalar {
  return tf.tidy(() => {
    if (w.form === 'target') return tf.mul(ce, tf.pow(tf.maximum(tf.div(latencyMs, w.targetMs), 1), w.beta)) as tf.Scalar;
    const latUs = tf.maximum(tf.mul(latencyMs, 1000), MIN_LATENCY_US);
    const term = tf.pow(tf.log(latUs), w.beta);
    return (w.form === 'paper' ? tf.mul(ce, tf.mul(term, w.alpha)) : tf.add(ce, tf.mul(term, w.alpha))) as tf.Scalar;
  });
}

/** The same formula on plain numbers, for reporting and checks. */
export function searchLossValue(ce: number, latencyMs: number, w: LossWeights): number {
  if (w.form === 'target') return ce * Math.pow(Math.max(latencyMs / w.targetMs, 1), w.beta);
  const term = Math.pow(Math.log(Math.max(latencyMs * 1000, MIN_LATENCY_US)), w.beta);
  return w.form === 'paper' ? ce * w.alpha * term : ce + w.alpha * term;
}
