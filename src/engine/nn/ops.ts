/**
 * The convolution primitives every block is built from. Blocks call only these, so the
 * backend-specific tricks (custom gradients for wasm, fused BatchNorm, grouped-conv strategy)
 * live here and nowhere else.
 */
import { tf } from '../tf';

export const BN_EPSILON = 1e-5;

/** 1×1 conv, `groups` groups. w: [groups, cin/groups, cout/groups]. */
export function pointwise(x: tf.Tensor4D, w: tf.Tensor3D, groups: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, wd, c] = x.shape;
    const cout = w.shape[2] * groups;
    const flat = x.reshape([n * h * wd, c]);
    if (groups === 1) return tf.matMul(flat, w.squeeze([0]) as tf.Tensor2D).reshape([n, h, wd, cout]);
    const xs = tf.split(flat, groups, 1);
    const ws = tf.unstack(w) as tf.Tensor2D[];
    return tf.concat(xs.map((xi, i) => tf.matMul(xi as tf.Tensor2D, ws[i])), 1).reshape([n, h, wd, cout]);
  });
}

/** K×K depthwise conv, "same" padding. w: [k, k, c, 1]. */
export function depthwise(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  return tf.depthwiseConv2d(x, w, stride, 'same');
}

/** Dense K×K conv (the stem), "same" padding. w: [k, k, cin, cout]. */
export function conv(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  return tf.conv2d(x, w, stride, 'same');
}

/** ShuffleNet channel shuffle after a grouped conv. */
export function channelShuffle(x: tf.Tensor4D, groups: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    return x.reshape([n, h, w, groups, c / groups]).transpose([0, 1, 2, 4, 3]).reshape([n, h, w, c]);
  });
}

/** BatchNorm with batch statistics; returns them so the caller updates running averages outside the tape. */
export function batchNormTrain(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
): { y: tf.Tensor4D; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  const y = tf.batchNorm(x, mean, variance, beta, gamma, BN_EPSILON);
  return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}

export function batchNormInfer(
  x: tf.Tensor4D,
  mean: tf.Tensor1D,
  variance: tf.Tensor1D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
): tf.Tensor4D {
  return tf.batchNorm(x, mean, variance, beta, gamma, BN_EPSILON);
}
