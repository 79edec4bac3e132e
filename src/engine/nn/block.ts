/**
 * The candidate blocks (docs/method.md §1, paper Fig. 3) and the fixed stem and head, built only from
 * the primitives in ops.ts so backend-specific speed-ups apply to all of them.
 */
import { tf } from '../runtime/tf';
import { blockSpec, type BlockName } from '../space/blocks';
import type { LayerShape } from '../space/space';
import * as ops from './ops';
import { FusedConvCache, fusedConvAvailable } from '../webgpu/fused-conv';
import { batchNormReluTrain } from '../webgpu/bn-relu';
import type { BatchNormParams, BatchNormUpdate, ParamStore } from './params';

export interface ForwardContext {
  training: boolean;
  /** When training, each BN's batch statistics are kept and pushed here for the running averages. */
  bnUpdates?: BatchNormUpdate[];
}

/** BatchNorm over x's channels; a list of BNs normalises their channels side by side, in order. */
export function batchNorm(x: tf.Tensor4D, bn: BatchNormParams | BatchNormParams[], ctx: ForwardContext): tf.Tensor4D {
  const bns = Array.isArray(bn) ? bn : [bn];
  const join = (key: keyof BatchNormParams) => ops.concatOrOnly(bns.map((b) => b[key] as tf.Tensor1D));
  if (!ctx.training) return ops.batchNormInfer(x, join('mean'), join('variance'), join('gamma'), join('beta'));
  const { y, mean, variance } = ops.batchNormTrain(x, join('gamma'), join('beta'));
  if (ctx.bnUpdates) ctx.bnUpdates.push({ bns, mean: tf.keep(mean), variance: tf.keep(variance) });
  return y;
}

/** ReLU(BatchNorm(x)); in training on WebGPU, in the layer kernels (src/engine/webgpu). */
function batchNormRelu(x: tf.Tensor4D, bn: BatchNormParams, ctx: ForwardContext): tf.Tensor4D {
  if (!ctx.training || !fusedConvAvailable()) return tf.relu(batchNorm(x, bn, ctx));
  const { y, mean, variance } = batchNormReluTrain(x, bn.gamma, bn.beta);
  if (ctx.bnUpdates) ctx.bnUpdates.push({ bns: [bn], mean: tf.keep(mean), variance: tf.keep(variance) });
  else tf.dispose([mean, variance]);
  return y;
}

export interface Module {
  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D;
  /** Frees what the module made beside its variables (which its ParamStore owns). */
  dispose?(): void;
}

function checkGroups(c: number, groups: number, what: string): void {
  if (c % groups !== 0) throw new Error(`${what}: ${c} channels cannot be split into ${groups} groups`);
}

/** 1×1 conv (groups g) → BN → ReLU → shuffle → K×K depthwise → BN → ReLU → 1×1 conv (groups g) → BN (+ input). */
export class InvertedResidual implements Module {
  readonly w1: tf.Variable<tf.Rank.R3>;
  readonly bn1: BatchNormParams;
  readonly dw: tf.Variable<tf.Rank.R4>;
  readonly bn2: BatchNormParams;
  readonly w2: tf.Variable<tf.Rank.R3>;
  readonly bn3: BatchNormParams;
  readonly residual: boolean;
  /** Channels after the expansion. */
  readonly mid: number;
  /** The block in WebGPU kernels (src/engine/webgpu), made on first use there. */
  private gpu: FusedConvCache | null = null;

  constructor(
    readonly kernel: number,
    expansion: number,
    readonly groups: number,
    private readonly shape: LayerShape,
    p: ParamStore,
  ) {
    const { cIn, cOut } = shape;
    const mid = cIn * expansion;
    this.mid = mid;
    const g = groups;
    checkGroups(cIn, g, 'grouped block input');
    checkGroups(cOut, g, 'grouped block output');
    this.w1 = p.normal([g, cIn / g, mid / g], cIn / g);
    this.bn1 = p.batchNorm(mid);
    this.dw = p.normal([kernel, kernel, mid, 1], kernel * kernel);
    this.bn2 = p.batchNorm(mid);
    this.w2 = p.normal([g, mid / g, cOut / g], mid / g);
    this.bn3 = p.batchNorm(cOut);
    this.residual = shape.stride === 1 && cIn === cOut;
  }

  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D {
    if (ctx.training && fusedConvAvailable()) return this.forwardWeighted(x, null, ctx);
    let h = tf.relu(batchNorm(ops.pointwise(x, this.w1, this.groups), this.bn1, ctx));
    if (this.groups > 1) h = ops.channelShuffle(h, this.groups);
    h = tf.relu(batchNorm(ops.depthwise(h, this.dw, this.shape.stride), this.bn2, ctx));
    h = batchNorm(ops.pointwise(h, this.w2, this.groups), this.bn3, ctx);
    return this.residual ? tf.add(h, x) : h;
  }

  /**
   * Training on WebGPU only: wts[0, 0] · (the block's conv branch) (+ wts[0, 1] · x where it adds its
   * input), in the layer kernels; without wts, weights of 1.
   */
  forwardWeighted(x: tf.Tensor4D, wts: tf.Tensor2D | null, ctx: ForwardContext): tf.Tensor4D {
    this.gpu ??= new FusedConvCache([this], this.shape.cOut, this.shape.stride, this.residual);
    return this.gpu.run(x, wts, ctx.bnUpdates);
  }

  dispose(): void {
    this.gpu?.dispose();
    this.gpu = null;
  }
}

class Identity implements Module {
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return x;
  }
}

/** `skip` where the layer changes channels or stride: 1×1 conv with the layer's stride → BN → ReLU. */
class Projection implements Module {
  private readonly w: tf.Variable;
  private readonly bn: BatchNormParams;
  constructor(
    private readonly shape: LayerShape,
    p: ParamStore,
  ) {
    // Stride 1 goes through the (possibly matMul-based) pointwise primitive; a strided 1×1 needs conv.
    this.w = shape.stride === 1 ? p.normal([1, shape.cIn, shape.cOut], shape.cIn) : p.normal([1, 1, shape.cIn, shape.cOut], shape.cIn);
    this.bn = p.batchNorm(shape.cOut);
  }
  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D {
    const y =
      this.shape.stride === 1
        ? ops.pointwise(x, this.w as tf.Variable<tf.Rank.R3>, 1)
        : ops.conv(x, this.w as tf.Variable<tf.Rank.R4>, this.shape.stride);
    return batchNormRelu(y, this.bn, ctx);
  }
}

export function makeBlock(name: BlockName, shape: LayerShape, p: ParamStore): Module {
  const spec = blockSpec(name);
  if (spec.kind === 'skip') return shape.identitySkip ? new Identity() : new Projection(shape, p);
  return new InvertedResidual(spec.kernel, spec.expansion, spec.groups, shape, p);
}

/** 3×3 conv with the stem stride → BN → ReLU. */
export class Stem implements Module {
  private readonly w: tf.Variable<tf.Rank.R4>;
  private readonly bn: BatchNormParams;
  constructor(
    cIn: number,
    cOut: number,
    private readonly stride: number,
    p: ParamStore,
  ) {
    this.w = p.normal([3, 3, cIn, cOut], 9 * cIn);
    this.bn = p.batchNorm(cOut);
  }
  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D {
    return batchNormRelu(ops.conv(x, this.w, this.stride), this.bn, ctx);
  }
}

/** 1×1 conv → BN → ReLU → global average pool → fc; returns logits [batch, classes]. */
export class Head {
  private readonly w: tf.Variable<tf.Rank.R3>;
  private readonly bn: BatchNormParams;
  private readonly fcW: tf.Variable<tf.Rank.R2>;
  private readonly fcB: tf.Variable<tf.Rank.R1>;
  constructor(cIn: number, headChannels: number, numClasses: number, p: ParamStore) {
    this.w = p.normal([1, cIn, headChannels], cIn);
    this.bn = p.batchNorm(headChannels);
    this.fcW = p.normal([headChannels, numClasses], headChannels, 1);
    this.fcB = p.constant([numClasses], 0, true);
  }
  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor2D {
    const h = batchNormRelu(ops.pointwise(x, this.w, 1), this.bn, ctx);
    return tf.add(tf.matMul(tf.mean(h, [1, 2]) as tf.Tensor2D, this.fcW), this.fcB);
  }
}
