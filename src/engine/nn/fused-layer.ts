/**
 * One searched layer of the mixture supernet, run with all its candidates fused: one expansion
 * matMul over every candidate's channels, one BatchNorm per stage over all of them, one depthwise
 * conv per kernel size, then each candidate's projection and one BatchNorm over their outputs
 * side by side, summed with the Gumbel weights. The same function as running the candidates one by
 * one (tested), in far fewer kernels (a toy step: 13 656 WebGPU launches instead of 38 470): a
 * search step is bound by kernel count on wasm and WebGPU alike, not by arithmetic.
 *
 * The weights stay the candidates' own variables (checkpoints, sampled mode and exports see no
 * difference); they are concatenated on every call, which costs a few small kernels.
 */
import { tf } from '../runtime/tf';
import { NUM_BLOCKS, SKIP_INDEX } from '../space/blocks';
import type { LayerShape } from '../space/space';
import { batchNorm, InvertedResidual, type ForwardContext, type Module } from './block';
import * as ops from './ops';
import { FusedConvCache, fusedConvAvailable } from '../webgpu/fused-conv';

/** Consecutive fused channels that go through the depthwise stage together. */
interface Segment {
  /** Index into the layer's candidates. */
  members: number[];
  channels: number;
  kernel: number;
  /** Channel-shuffle groups (1: none). */
  shuffle: number;
}

function dense(w: tf.Tensor3D, groups: number): tf.Tensor2D {
  return groups === 1 ? (w.reshape([w.shape[1], w.shape[2]]) as tf.Tensor2D) : ops.blockDiagonal(w);
}

/** [9, k] with a 1 at (candidate index, column): m · S picks the listed candidates' weights. */
function selection(indices: number[][]): tf.Tensor2D {
  const s = new Float32Array(NUM_BLOCKS * indices.length);
  indices.forEach((col, j) => col.forEach((i) => (s[i * indices.length + j] = 1)));
  return tf.tensor2d(s, [NUM_BLOCKS, indices.length]);
}

export class FusedLayer {
  private readonly convs: InvertedResidual[];
  private readonly segments: Segment[];
  private readonly projection: Module | null;
  /** m · pickConvs: the conv candidates' weights [n, convs]. */
  private readonly pickConvs: tf.Tensor2D | null;
  /** m · pickInput: the weight of x itself (residuals plus an identity skip) [n, 1]. */
  private readonly pickInput: tf.Tensor2D | null;
  private readonly pickProjection: tf.Tensor2D | null;
  /** m · pickGpu: the conv candidates' weights, then x's own where it has one [n, convs (+1)]. */
  private readonly pickGpu: tf.Tensor2D | null;
  /** The conv term in WebGPU kernels (src/engine/webgpu). */
  private readonly gpu: FusedConvCache;

  /** `blocks[i]`: candidate i of the layer in canonical order, null where it is not allowed. */
  constructor(
    blocks: (Module | null)[],
    private readonly shape: LayerShape,
  ) {
    const convIdx: number[] = [];
    this.convs = [];
    blocks.forEach((b, i) => {
      if (b instanceof InvertedResidual) {
        convIdx.push(i);
        this.convs.push(b);
      }
    });
    const kernels = this.convs.map((b) => b.kernel);
    if (kernels.some((k, i) => i > 0 && k !== kernels[i - 1] && kernels.indexOf(k) < i)) {
      throw new Error('fused layer: candidates of one kernel size must be adjacent in the block order');
    }
    this.segments = [];
    this.convs.forEach((b, k) => {
      const last = this.segments[this.segments.length - 1];
      // Grouped candidates get their own segment (their channels are shuffled after BN1).
      if (last && last.kernel === b.kernel && last.shuffle === 1 && b.groups === 1) {
        last.members.push(k);
        last.channels += b.mid;
      } else this.segments.push({ members: [k], channels: b.mid, kernel: b.kernel, shuffle: b.groups });
    });
    const skip = blocks[SKIP_INDEX];
    const identitySkip = skip !== null && !(skip instanceof InvertedResidual) && shape.identitySkip;
    this.projection = skip && !identitySkip ? skip : null;
    const residual = this.convs.length > 0 && this.convs[0].residual;
    const inputTerms = [...(residual ? convIdx : []), ...(identitySkip ? [SKIP_INDEX] : [])];
    this.pickConvs = this.convs.length ? selection(convIdx.map((i) => [i])) : null;
    this.pickInput = inputTerms.length ? selection([inputTerms]) : null;
    this.pickProjection = this.projection ? selection([[SKIP_INDEX]]) : null;
    this.pickGpu = this.convs.length ? selection([...convIdx.map((i) => [i]), ...(inputTerms.length ? [inputTerms] : [])]) : null;
    this.gpu = new FusedConvCache(this.convs, shape.cOut, shape.stride, inputTerms.length > 0);
  }

  /** x_{l+1} = Σ_i m[:, i] · b_i(x). m: [batch, 9] (one mixture per sample) or [1, 9]. */
  forward(x: tf.Tensor4D, m: tf.Tensor2D, ctx: ForwardContext): tf.Tensor4D {
    const terms: tf.Tensor4D[] = [];
    if (ctx.training && this.pickGpu && fusedConvAvailable()) {
      // Training on WebGPU: the conv candidates and x's own term in the layer kernels (src/engine/webgpu).
      terms.push(this.gpu.run(x, tf.matMul(m, this.pickGpu) as tf.Tensor2D, ctx.bnUpdates));
    } else {
      if (this.pickConvs) terms.push(this.convTerm(x, m, ctx));
      if (this.pickInput) terms.push(tf.mul(x, tf.matMul(m, this.pickInput).reshape([-1, 1, 1, 1])));
    }
    if (this.projection && this.pickProjection) {
      terms.push(tf.mul(this.projection.forward(x, ctx), tf.matMul(m, this.pickProjection).reshape([-1, 1, 1, 1])));
    }
    return terms.length === 1 ? terms[0] : tf.addN(terms);
  }

  private convTerm(x: tf.Tensor4D, m: tf.Tensor2D, ctx: ForwardContext): tf.Tensor4D {
    const { convs, segments, shape } = this;
    const cIn = x.shape[3];
    const mids = convs.map((b) => b.mid);
    const total = mids.reduce((a, b) => a + b, 0);
    const w1 = ops
      .concatOrOnly(
        convs.map((b) => dense(b.w1, b.groups)),
        1,
      )
      .reshape([1, cIn, total]) as tf.Tensor3D;
    const e = tf.relu(
      batchNorm(
        ops.pointwise(x, w1, 1),
        convs.map((b) => b.bn1),
        ctx,
      ),
    );
    const parts =
      segments.length === 1
        ? [e]
        : tf.split(
            e,
            segments.map((s) => s.channels),
            3,
          );
    const shuffled = parts.map((p, j) =>
      segments[j].shuffle > 1 ? ops.channelShuffle(p as tf.Tensor4D, segments[j].shuffle) : p,
    ) as tf.Tensor4D[];
    const depthwise: tf.Tensor4D[] = [];
    for (const kernel of [...new Set(segments.map((s) => s.kernel))]) {
      const js = segments.map((s, j) => (s.kernel === kernel ? j : -1)).filter((j) => j >= 0);
      const input = ops.concatOrOnly(
        js.map((j) => shuffled[j]),
        3,
      );
      const filter = ops.concatOrOnly(
        js.flatMap((j) => segments[j].members.map((k) => convs[k].dw as tf.Tensor4D)),
        2,
      );
      depthwise.push(ops.depthwise(input, filter, shape.stride));
    }
    const d = tf.relu(
      batchNorm(
        ops.concatOrOnly(depthwise, 3),
        convs.map((b) => b.bn2),
        ctx,
      ),
    );
    const perConv = convs.length === 1 ? [d] : (tf.split(d, mids, 3) as tf.Tensor4D[]);
    const z = ops.concatOrOnly(
      perConv.map((p, k) => ops.pointwise(p, convs[k].w2, convs[k].groups)),
      3,
    );
    const zn = batchNorm(
      z,
      convs.map((b) => b.bn3),
      ctx,
    );
    if (convs.length === 1) return tf.mul(zn, tf.matMul(m, this.pickConvs!).reshape([-1, 1, 1, 1]));
    // Σ_i w_i · zn_i as parts and addN: a sum over the candidate axis would transpose zn on wasm.
    const weights = tf.split(tf.matMul(m, this.pickConvs!), convs.length, 1);
    const perConvOut = tf.split(zn, convs.length, 3);
    return sumInChunks(perConvOut.map((p, k) => tf.mul(p, weights[k].reshape([-1, 1, 1, 1])) as tf.Tensor4D));
  }

  dispose(): void {
    this.gpu.dispose();
    for (const t of [this.pickConvs, this.pickInput, this.pickProjection, this.pickGpu]) t?.dispose();
  }
}

/**
 * addN over at most 6 tensors at a time: WebGPU's AddN binds every input as a storage buffer, and
 * adapters may allow only 8 per shader stage (9 inputs + the output failed on SwiftShader).
 */
function sumInChunks(xs: tf.Tensor4D[]): tf.Tensor4D {
  if (xs.length === 1) return xs[0];
  if (xs.length <= 6) return tf.addN(xs);
  const parts: tf.Tensor4D[] = [];
  for (let i = 0; i < xs.length; i += 6) parts.push(sumInChunks(xs.slice(i, i + 6)));
  return sumInChunks(parts);
}
