/**
 * The latency-aware loss (FBNET.md §3–4). E[LAT] is taken per sample (each sample has its own
 * Gumbel mask) and then averaged over the batch; the loss uses that batch mean.
 */
import { tf } from './tf';
import type { LossForm } from './schemas';

/** Below e µs, log LAT would be ≤ 1 and (log LAT)^β's gradient blows up (or NaN at ≤ 0); real tables are far above. */
export const MIN_LATENCY_US = Math.E;

/** E[LAT] in ms = Σ_l Σ_i m[..., l, i] · LUT[l][i] + fixed; m is [..., layers, 9], the result [...]. */
export function expectedLatencyMs(m: tf.Tensor, lut: tf.Tensor2D, fixedMs: number): tf.Tensor {
  return tf.tidy(() => tf.add(tf.sum(tf.mul(m, lut), [-2, -1]), fixedMs));
}

/**
 * paper:    CE · α · (log LAT_µs)^β   (α only rescales; β trades accuracy for latency)
 * additive: CE + α · (log LAT_µs)^β   (α is the trade-off knob)
 */
export function searchLoss(ce: tf.Scalar, latencyMs: tf.Scalar, alpha: number, beta: number, form: LossForm): tf.Scalar {
  return tf.tidy(() => {
    const latUs = tf.maximum(tf.mul(latencyMs, 1000), MIN_LATENCY_US);
    const term = tf.pow(tf.log(latUs), beta);
    return (form === 'paper' ? tf.mul(ce, tf.mul(term, alpha)) : tf.add(ce, tf.mul(term, alpha))) as tf.Scalar;
  });
}

/** The same formula on plain numbers, for reporting and checks. */
export function searchLossValue(ce: number, latencyMs: number, alpha: number, beta: number, form: LossForm): number {
  const term = Math.pow(Math.log(Math.max(latencyMs * 1000, MIN_LATENCY_US)), beta);
  return form === 'paper' ? ce * alpha * term : ce + alpha * term;
}
