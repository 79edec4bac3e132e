/**
 * Gradients of "same"-padded convolutions built only from kernels the wasm backend has
 * (DepthwiseConv2dNative with dilations and explicit padding, BatchMatMul, Pad, Slice,
 * StridedSlice, Transpose, Sum). ops.ts wires them in with tf.customGrad.
 */
import { tf } from '../runtime/tf';

type Pad2 = [number, number];

/** TensorFlow's "same" padding along one axis: the extra pixel goes after. */
export function samePadding(size: number, k: number, stride: number): { out: number; before: number; after: number } {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + k - size, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}

/** Pads (positive) or crops (negative) the two spatial axes of an NHWC tensor. */
function padOrCrop(t: tf.Tensor4D, ph: Pad2, pw: Pad2): tf.Tensor4D {
  const [n, h, w, c] = t.shape;
  const cropT = Math.max(-ph[0], 0),
    cropB = Math.max(-ph[1], 0);
  const cropL = Math.max(-pw[0], 0),
    cropR = Math.max(-pw[1], 0);
  let out = t;
  if (cropT || cropB || cropL || cropR) {
    out = tf.slice(t, [0, cropT, cropL, 0], [n, h - cropT - cropB, w - cropL - cropR, c]);
  }
  const p: Pad2[] = [
    [0, 0],
    [Math.max(ph[0], 0), Math.max(ph[1], 0)],
    [Math.max(pw[0], 0), Math.max(pw[1], 0)],
    [0, 0],
  ];
  if (p[1][0] || p[1][1] || p[2][0] || p[2][1]) out = tf.pad(out, p);
  return out;
}

/** Runs a stride-1 depthwise conv with explicit (possibly negative) padding. */
function depthwisePadded(x: tf.Tensor4D, w: tf.Tensor4D, ph: Pad2, pw: Pad2, dilation = 1): tf.Tensor4D {
  if (ph[0] >= 0 && ph[1] >= 0 && pw[0] >= 0 && pw[1] >= 0) {
    return tf.depthwiseConv2d(x, w, 1, [[0, 0], ph, pw, [0, 0]], 'NHWC', dilation);
  }
  return tf.depthwiseConv2d(padOrCrop(x, ph, pw), w, 1, 'valid', 'NHWC', dilation);
}

/** Inserts stride−1 zeros after every row and column: [n,h,w,c] → [n,h·s,w·s,c]. */
function dilate(t: tf.Tensor4D, s: number): tf.Tensor4D {
  if (s === 1) return t;
  const [n, h, w, c] = t.shape;
  return t
    .reshape([n, h, 1, w, 1, c])
    .pad([
      [0, 0],
      [0, 0],
      [0, s - 1],
      [0, 0],
      [0, s - 1],
      [0, 0],
    ])
    .reshape([n, h * s, w * s, c]) as tf.Tensor4D;
}

/**
 * dL/dx of y = depthwise(x, w, s, same): the upstream gradient, dilated by the stride, correlated
 * with the spatially flipped filter.
 */
export function depthwiseInputGrad(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: [number, number, number, number], stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const k = w.shape[0];
    const [, h, wd] = xShape;
    const ph = samePadding(h, k, stride),
      pw = samePadding(wd, k, stride);
    const d = dilate(dy, stride);
    const top = k - 1 - ph.before,
      left = k - 1 - pw.before;
    const bottom = h + k - 1 - top - d.shape[1],
      right = wd + k - 1 - left - d.shape[2];
    return depthwisePadded(d, tf.reverse(w, [0, 1]), [top, bottom], [left, right]);
  });
}

/**
 * dL/dw of y = depthwise(x, w, s, same), as one depthwise conv: batch folded into channels, the
 * upstream gradient used as a (dilated) filter over the padded input.
 */
export function depthwiseFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, k: number, stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, wd, c] = x.shape;
    const [, ho, wo] = dy.shape;
    const ph = samePadding(h, k, stride),
      pw = samePadding(wd, k, stride);
    const xt = x.transpose([1, 2, 0, 3]).reshape([1, h, wd, n * c]) as tf.Tensor4D;
    const dyt = dy.transpose([1, 2, 0, 3]).reshape([ho, wo, n * c, 1]) as tf.Tensor4D;
    const bottom = (ho - 1) * stride + k - h - ph.before;
    const right = (wo - 1) * stride + k - wd - pw.before;
    const g = depthwisePadded(xt, dyt, [ph.before, bottom], [pw.before, right], stride);
    return g.reshape([k, k, n, c]).sum(2).reshape([k, k, c, 1]) as tf.Tensor4D;
  });
}

/** The k² input windows seen by each filter tap, each shaped like the output. */
function shiftedViews(x: tf.Tensor4D, yShape: number[], k: number, stride: number): tf.Tensor4D[] {
  const [n, h, wd, c] = x.shape;
  const [, ho, wo] = yShape;
  const ph = samePadding(h, k, stride),
    pw = samePadding(wd, k, stride);
  const needH = (ho - 1) * stride + k,
    needW = (wo - 1) * stride + k;
  const xp = padOrCrop(x, [ph.before, needH - h - ph.before], [pw.before, needW - wd - pw.before]);
  const views: tf.Tensor4D[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      views.push(
        tf.stridedSlice(
          xp,
          [0, i, j, 0],
          [n, i + (ho - 1) * stride + 1, j + (wo - 1) * stride + 1, c],
          [1, stride, stride, 1],
        ) as tf.Tensor4D,
      );
    }
  }
  return views;
}

/**
 * dL/dw of y = conv2d(x, w, s, same) via im2col: the k² shifted input views side by side,
 * transposed against dy in one matMul. Cheap for the stem (3 input channels).
 */
export function denseConvFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, k: number, stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const cin = x.shape[3];
    const [n, ho, wo, cout] = dy.shape;
    const p = n * ho * wo;
    const cols = tf.concat(shiftedViews(x, dy.shape, k, stride), 3).reshape([p, k * k * cin]) as tf.Tensor2D;
    return tf.matMul(cols, dy.reshape([p, cout]) as tf.Tensor2D, true, false).reshape([k, k, cin, cout]) as tf.Tensor4D;
  });
}
