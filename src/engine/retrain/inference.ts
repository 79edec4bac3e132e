import { tf } from '../runtime/tf';
import type { ChildNet } from '../nn/childnet';

export interface InferenceTiming {
  backend: string;
  medianMs: number;
  minMs: number;
  timesMs: number[];
}

/** Batch-1 forward (inference mode) on the active backend: `warmup` untimed runs, then the median of `repeats`. */
export async function measureInference(net: ChildNet, opts: { repeats?: number; warmup?: number } = {}): Promise<InferenceTiming> {
  const repeats = Math.max(1, opts.repeats ?? 20);
  const warmup = Math.max(0, opts.warmup ?? 3);
  const s = net.space;
  const x = tf.zeros([1, s.inputSize, s.inputSize, s.inputChannels]) as tf.Tensor4D;
  const times: number[] = [];
  try {
    for (let i = 0; i < warmup + repeats; i++) {
      const t0 = performance.now();
      const y = tf.tidy(() => net.forward(x, false));
      // Reading the result back waits for the backend to finish (webgpu/webgl queue work).
      await y.data();
      y.dispose();
      if (i >= warmup) times.push(performance.now() - t0);
    }
  } finally {
    x.dispose();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { backend: tf.getBackend(), medianMs, minMs: sorted[0], timesMs: times };
}
