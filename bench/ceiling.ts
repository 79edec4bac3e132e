/**
 * The machine's ceiling: the best multiply-add rate the active backend reaches on big dense work
 * (a square matMul and a 3×3 conv), to put the step's MAC/s in proportion.
 */
import { tf } from '../src/engine/runtime/tf';

export interface CeilingResult {
  backend: string;
  op: string;
  macs: number;
  ms: number;
  macsPerSecond: number;
}

async function timeOp(f: () => tf.Tensor, reps: number): Promise<number> {
  const warm = f();
  await warm.data();
  warm.dispose();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const y = f();
    await y.data();
    ts.push(performance.now() - t0);
    y.dispose();
  }
  return Math.min(...ts);
}

export async function measureCeiling(reps = 3): Promise<CeilingResult[]> {
  const n = 512;
  const a = tf.randomNormal([n, n]) as tf.Tensor2D;
  const b = tf.randomNormal([n, n]) as tf.Tensor2D;
  const x = tf.randomNormal([8, 32, 32, 64]) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, 64, 64]) as tf.Tensor4D;
  const out: CeilingResult[] = [];
  const add = (op: string, macs: number, ms: number) =>
    out.push({ backend: tf.getBackend(), op, macs, ms, macsPerSecond: (1000 * macs) / ms });
  add(`matMul ${n}×${n}×${n}`, n * n * n, await timeOp(() => tf.matMul(a, b), reps));
  add('conv2d 8×32×32×64 3×3→64', 8 * 32 * 32 * 64 * 64 * 9, await timeOp(() => tf.conv2d(x, w, 1, 'same'), reps));
  tf.dispose([a, b, x, w]);
  return out;
}
