/** Batches of a dataset as tensors, and accuracy over a split: shared by the search and retraining. */
import { tf } from '../runtime/tf';
import type { Dataset, Split } from './dataset';

/** Rows `idx` of a split as tensors; `pad` zero rows at the end keep the batch shape fixed. */
export function makeBatch(d: Dataset, s: Split, idx: number[], pad = 0): { x: tf.Tensor4D; labels: tf.Tensor1D } {
  const D = d.size * d.size * d.channels;
  const n = idx.length + pad;
  const x = new Float32Array(n * D);
  const y = new Int32Array(n);
  idx.forEach((j, k) => {
    x.set(s.x.subarray(j * D, (j + 1) * D), k * D);
    y[k] = s.y[j];
  });
  return { x: tf.tensor4d(x, [n, d.size, d.size, d.channels]), labels: tf.tensor1d(y, 'int32') };
}

/** How many of a batch's first n samples the logits classify right. */
export function batchHits(logits: tf.Tensor2D, labels: tf.Tensor1D, n: number): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32').slice(0, n));
}

/**
 * Top-1 accuracy of `logitsOf` over a split, in batches of `batchSize` (the last one zero-padded so
 * shapes stay fixed), with one readback at the end.
 */
export async function splitAccuracy(
  d: Dataset,
  split: Split,
  batchSize: number,
  logitsOf: (x: tf.Tensor4D) => tf.Tensor2D,
): Promise<number> {
  if (split.n === 0) return Number.NaN;
  let correct = tf.scalar(0);
  for (let start = 0; start < split.n; start += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, split.n - start) }, (_, k) => start + k);
    const next = tf.tidy(() => {
      const { x, labels } = makeBatch(d, split, idx, batchSize - idx.length);
      return tf.add(correct, batchHits(logitsOf(x), labels, idx.length)) as tf.Scalar;
    });
    correct.dispose();
    correct = next;
  }
  const [c] = await correct.data();
  correct.dispose();
  return c / split.n;
}
