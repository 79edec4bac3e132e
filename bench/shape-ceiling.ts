/**
 * The step's own convolutions and matMuls, forward only, run back to back at the step's shapes
 * with nothing else (no autodiff, BatchNorm, mixing or optimiser): the multiply-add rate the
 * backend's kernels reach on tensors this small. Between it and the dense ceiling lies what the
 * shapes cost; between it and the step's MAC/s lies what the framework around the kernels costs.
 */
import { tf } from '../src/engine/runtime/tf';
import { BLOCK_NAMES, blockSpec } from '../src/engine/space/blocks';
import { allowedMask, headInput, layerShapes, type Space } from '../src/engine/space/space';
import type { CeilingResult } from './ceiling';

type Kernel = { macs: number; run: () => tf.Tensor };

function kernels(space: Space, batch: number): { list: Kernel[]; inputs: tf.Tensor[] } {
  const inputs: tf.Tensor[] = [];
  const t = (shape: number[]) => {
    const x = tf.randomNormal(shape);
    inputs.push(x);
    return x;
  };
  const matMul = (m: number, k: number, n: number): Kernel => {
    const a = t([m, k]) as tf.Tensor2D,
      b = t([k, n]) as tf.Tensor2D;
    return { macs: m * k * n, run: () => tf.matMul(a, b) };
  };
  const list: Kernel[] = [];
  const s0 = space.inputSize / space.stem.stride;
  const x0 = t([batch, space.inputSize, space.inputSize, space.inputChannels]) as tf.Tensor4D;
  const w0 = t([3, 3, space.inputChannels, space.stem.channels]) as tf.Tensor4D;
  list.push({
    macs: batch * s0 * s0 * 9 * space.inputChannels * space.stem.channels,
    run: () => tf.conv2d(x0, w0, space.stem.stride, 'same'),
  });
  const mask = allowedMask(space);
  layerShapes(space).forEach((shape, l) => {
    const m = batch * shape.inputSize * shape.inputSize;
    const mOut = batch * shape.outputSize * shape.outputSize;
    const convs = BLOCK_NAMES.filter((b, i) => mask[l][i] && b !== 'skip')
      .map((b) => blockSpec(b))
      .filter((s) => s.kind === 'ir');
    const mids = convs.map((c) => shape.cIn * c.expansion);
    if (convs.length) {
      // The useful multiply-adds of the fused expansion (grouped candidates count 1/g).
      const total = mids.reduce((a, b) => a + b, 0);
      const useful = convs.reduce((a, c, i) => a + (shape.cIn * mids[i]) / c.groups, 0);
      const e = matMul(m, shape.cIn, total);
      list.push({ macs: m * useful, run: e.run });
      for (const k of [3, 5]) {
        const ch = convs.reduce((a, c, i) => a + (c.kernel === k ? mids[i] : 0), 0);
        if (!ch) continue;
        const x = t([batch, shape.inputSize, shape.inputSize, ch]) as tf.Tensor4D;
        const w = t([k, k, ch, 1]) as tf.Tensor4D;
        list.push({ macs: mOut * ch * k * k, run: () => tf.depthwiseConv2d(x, w, shape.stride, 'same') });
      }
      convs.forEach((c, i) => {
        for (let g = 0; g < c.groups; g++) list.push(matMul(mOut, mids[i] / c.groups, shape.cOut / c.groups));
      });
    }
    if (mask[l][BLOCK_NAMES.indexOf('skip')] && !shape.identitySkip) list.push(matMul(mOut, shape.cIn, shape.cOut));
  });
  const h = headInput(space);
  list.push(matMul(batch * h.size * h.size, h.channels, space.headChannels));
  list.push(matMul(batch, space.headChannels, space.numClasses));
  return { list, inputs };
}

/** Best of `reps` passes over every kernel, after one warm-up pass. */
export async function measureShapeCeiling(space: Space, batch: number, label: string, reps = 3): Promise<CeilingResult> {
  const { list, inputs } = kernels(space, batch);
  const pass = async () => {
    const outs = list.map((k) => k.run());
    await outs[outs.length - 1].data();
    tf.dispose(outs);
  };
  await pass();
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await pass();
    best = Math.min(best, performance.now() - t0);
  }
  tf.dispose(inputs);
  const macs = list.reduce((a, k) => a + k.macs, 0);
  return {
    backend: tf.getBackend(),
    op: `${label}: its ${list.length} forward kernels alone`,
    macs,
    ms: best,
    macsPerSecond: (1000 * macs) / best,
  };
}
