/**
 * The convolution primitives every block is built from. Blocks call only these, so the
 * backend-specific tricks (custom gradients for wasm, fused BatchNorm, grouped-conv strategy)
 * live here and nowhere else.
 *
 * The wasm backend has no kernels for Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter
 * or DepthwiseConv2dNativeBackpropInput, so on wasm the depthwise and dense convs carry their own
 * gradients, written with kernels every backend has (depthwise conv, matMul, pad, slice).
 */
import { tf } from '../runtime/tf';
import { denseConvFilterGrad, depthwiseFilterGrad, depthwiseInputGrad } from './conv-grads';

export const BN_EPSILON = 1e-5;

/**
 * `custom`: always the hand-written gradients; `autodiff`: tfjs's own; `auto`: custom only
 * where the backend needs them or they measured faster.
 */
export type GradMode = 'auto' | 'custom' | 'autodiff';
/** Grouped 1×1 conv: one matMul per group, or one matMul with a block-diagonal weight. */
export type GroupedMode = 'auto' | 'split' | 'blockdiag';
/** Training BatchNorm: tfjs's fused op differentiated by tfjs, or the closed-form gradient. */
export type BatchNormMode = 'auto' | 'custom' | 'fused';
export interface OpsConfig {
  grad: GradMode;
  grouped: GroupedMode;
  bn: BatchNormMode;
}

const config: OpsConfig = { grad: 'auto', grouped: 'auto', bn: 'auto' };

/** Overrides the per-backend choices (tests force each path; benches compare them). */
export function configureOps(c: Partial<OpsConfig>): OpsConfig {
  Object.assign(config, c);
  return { ...config };
}

/**
 * Backends whose own conv gradients are missing (wasm) or far slower than ours (cpu: its
 * depthwise backprop kernels took ~50× longer on a 16×32×32×48 5×5 layer).
 */
const CUSTOM_GRAD_BACKENDS = new Set(['wasm', 'cpu']);
/** Backends where the closed-form BatchNorm gradient beat tfjs's (measured). */
const CUSTOM_BN_BACKENDS = new Set(['wasm', 'cpu']);
/** Backends where one block-diagonal matMul beat per-group matMuls (cpu ~4×; wasm was ~1.6× slower). */
const BLOCKDIAG_BACKENDS = new Set(['cpu']);

function useCustomGrad(): boolean {
  if (config.grad !== 'auto') return config.grad === 'custom';
  return CUSTOM_GRAD_BACKENDS.has(tf.getBackend());
}

function useCustomBatchNorm(): boolean {
  if (config.bn !== 'auto') return config.bn === 'custom';
  return CUSTOM_BN_BACKENDS.has(tf.getBackend());
}

function useBlockDiag(): boolean {
  if (config.grouped !== 'auto') return config.grouped === 'blockdiag';
  return BLOCKDIAG_BACKENDS.has(tf.getBackend());
}

/** tf.concat that skips the kernel (and its gradient's split) when there is only one tensor. */
export function concatOrOnly<T extends tf.Tensor>(xs: T[], axis = 0): T {
  return xs.length === 1 ? xs[0] : (tf.concat(xs, axis) as T);
}

/** 1×1 conv, `groups` groups. w: [groups, cin/groups, cout/groups]. */
export function pointwise(x: tf.Tensor4D, w: tf.Tensor3D, groups: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, wd, c] = x.shape;
    const cout = w.shape[2] * groups;
    const flat = x.reshape([n * h * wd, c]) as tf.Tensor2D;
    if (groups === 1) return matMul(flat, w.reshape([c, cout]) as tf.Tensor2D).reshape([n, h, wd, cout]);
    if (useBlockDiag()) return matMul(flat, blockDiagonal(w)).reshape([n, h, wd, cout]);
    const xs = tf.split(flat, groups, 1);
    const ws = tf.unstack(w) as tf.Tensor2D[];
    return tf
      .concat(
        xs.map((xi, i) => matMul(xi as tf.Tensor2D, ws[i])),
        1,
      )
      .reshape([n, h, wd, cout]);
  });
}

/**
 * a·b whose gradients are plain matMuls of explicitly transposed operands: wasm's matMul with a
 * transpose flag (what tfjs's own gradient uses) ran at a twelfth of the plain one's speed.
 */
const matMulCustom = tf.customGrad((...args) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy, saved) => {
      const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy as tf.Tensor2D, tf.transpose(sb)), weightGrad(sb, () => tf.matMul(tf.transpose(sa), dy as tf.Tensor2D))];
    },
  };
}) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

function matMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return useCustomGrad() ? matMulCustom(a, b) : tf.matMul(a, b);
}

/** [g, a, b] → [g·a, g·b] with the groups on the diagonal, built differentiably from pads. */
export function blockDiagonal(w: tf.Tensor3D): tf.Tensor2D {
  const [g, a, b] = w.shape;
  const rows = (tf.unstack(w) as tf.Tensor2D[]).map((wi, i) =>
    tf.pad(wi, [
      [0, 0],
      [i * b, (g - 1 - i) * b],
    ]),
  );
  return tf.concat(rows, 0).reshape([g * a, g * b]);
}

type ConvFn = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;
type ConvGrads = {
  input: (dy: tf.Tensor4D, x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;
  filter: (dy: tf.Tensor4D, x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;
};

/**
 * While set, the hand-written gradients return zeros for the weights instead of computing them: a
 * θ step differentiates through the whole supernet but needs no weight gradient, and a depthwise
 * filter gradient costs several times its forward conv.
 */
let weightGradsSkipped = false;

/** Runs f (a gradient computation that never reads the weights' gradients) without computing them. */
export function withoutWeightGrads<T>(f: () => T): T {
  const before = weightGradsSkipped;
  weightGradsSkipped = true;
  try {
    return f();
  } finally {
    weightGradsSkipped = before;
  }
}

/** True inside `withoutWeightGrads` (gradients computed elsewhere honour it too). */
export function weightGradsAreSkipped(): boolean {
  return weightGradsSkipped;
}

function weightGrad<T extends tf.Tensor>(w: T, compute: () => T): T {
  return weightGradsSkipped ? tf.zerosLike(w) : compute();
}

/** A conv with a hand-written gradient, built once per (kind, stride): customGrad closures are not free. */
function withGrad(cache: Map<number, ConvFn>, stride: number, forward: ConvFn, grads: ConvGrads): ConvFn {
  let f = cache.get(stride);
  if (!f) {
    f = tf.customGrad((...args) => {
      const [x, w, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
      save([x, w]);
      return {
        value: forward(x, w),
        gradFunc: (dy, saved) => {
          const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
          const d = dy as tf.Tensor4D;
          return [grads.input(d, xs, ws), weightGrad(ws, () => grads.filter(d, xs, ws))];
        },
      };
    }) as ConvFn;
    cache.set(stride, f);
  }
  return f;
}

const depthwiseCustom = new Map<number, ConvFn>();
const convCustom = new Map<number, ConvFn>();

/** K×K depthwise conv, "same" padding. w: [k, k, c, 1]. */
export function depthwise(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  const forward: ConvFn = (a, b) => tf.depthwiseConv2d(a, b, stride, 'same');
  if (!useCustomGrad()) return forward(x, w);
  return withGrad(depthwiseCustom, stride, forward, {
    input: (dy, xs, ws) => depthwiseInputGrad(dy, ws, xs.shape, stride),
    filter: (dy, xs, ws) => depthwiseFilterGrad(xs, dy, ws.shape[0], stride),
  })(x, w);
}

/** Dense K×K conv (the stem), "same" padding. w: [k, k, cin, cout]. */
export function conv(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  const forward: ConvFn = (a, b) => tf.conv2d(a, b, stride, 'same');
  if (!useCustomGrad()) return forward(x, w);
  // Conv2DBackpropInput exists on every backend; only the filter gradient is ours.
  return withGrad(convCustom, stride, forward, {
    input: (dy, xs, ws) => tf.conv2dTranspose(dy, ws, xs.shape, stride, 'same'),
    filter: (dy, xs, ws) => denseConvFilterGrad(xs, dy, ws.shape[0], stride),
  })(x, w);
}

/** ShuffleNet channel shuffle after a grouped conv. */
export function channelShuffle(x: tf.Tensor4D, groups: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    return x
      .reshape([n, h, w, groups, c / groups])
      .transpose([0, 1, 2, 4, 3])
      .reshape([n, h, w, c]);
  });
}

/** BatchNorm with batch statistics; returns them so the caller updates running averages outside the tape. */
export function batchNormTrain(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
): { y: tf.Tensor4D; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  if (useCustomBatchNorm()) {
    const y = batchNormTrainWithGrad(x, gamma, beta);
    const kept = innerStats!;
    innerStats = null;
    // Clones belong to the caller's scope like any op's output; the kept originals go.
    const stats = { y, mean: tf.clone(kept.mean), variance: tf.clone(kept.variance) };
    tf.dispose([kept.mean, kept.variance]);
    return stats;
  }
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return {
    y: tf.batchNorm(x, mean, variance, beta, gamma, BN_EPSILON) as tf.Tensor4D,
    mean: mean as tf.Tensor1D,
    variance: variance as tf.Tensor1D,
  };
}

/**
 * The statistics the closed-form BatchNorm computed, handed out beside its output: ops inside a
 * custom-gradient op are off the tape, so they need no second, untaped computation. Kept, because
 * the op's forward runs in a tidy of its own.
 */
let innerStats: { mean: tf.Tensor1D; variance: tf.Tensor1D } | null = null;

/**
 * Σ over batch and space of each channel of x [n, h, w, c], as a [1, m] × [m, c] matMul with
 * ones: wasm's Sum and Mean over the outer axes transpose the whole tensor first (~10× slower).
 */
function channelSums(x: tf.Tensor4D): tf.Tensor1D {
  const c = x.shape[3];
  const m = x.size / c;
  return tf.matMul(tf.ones([1, m]), x.reshape([m, c]) as tf.Tensor2D).reshape([c]) as tf.Tensor1D;
}

/** Training BatchNorm with its closed-form gradient (one pass of reductions instead of the chain through moments and the fused op). */
const batchNormTrainWithGrad = tf.customGrad((...args) => {
  const [x, gamma, beta, save] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
  const m = x.size / x.shape[3];
  const mean = tf.div(channelSums(x), m);
  const centred = tf.sub(x, mean);
  const variance = tf.div(channelSums(tf.square(centred) as tf.Tensor4D), m);
  innerStats = { mean: tf.keep(mean) as tf.Tensor1D, variance: tf.keep(variance) as tf.Tensor1D };
  const rstd = tf.rsqrt(tf.add(variance, BN_EPSILON));
  const xhat = tf.mul(centred, rstd);
  save([xhat, rstd, gamma]);
  return {
    value: tf.add(tf.mul(xhat, gamma), beta) as tf.Tensor4D,
    gradFunc: (dy, saved) => {
      const [xh, rs, g] = saved as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
      const dbeta = channelSums(dy as tf.Tensor4D);
      const dgamma = channelSums(tf.mul(dy, xh));
      const scale = tf.mul(g, rs);
      const centredDy = tf.sub(tf.sub(dy, tf.div(dbeta, m)), tf.mul(xh, tf.div(dgamma, m)));
      return [tf.mul(centredDy, scale), dgamma, dbeta];
    },
  };
}) as (x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D) => tf.Tensor4D;

export function batchNormInfer(
  x: tf.Tensor4D,
  mean: tf.Tensor1D,
  variance: tf.Tensor1D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
): tf.Tensor4D {
  return tf.batchNorm(x, mean, variance, beta, gamma, BN_EPSILON) as tf.Tensor4D;
}
