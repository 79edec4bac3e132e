/**
 * θ's side of a search step on WebGPU: the Gumbel-softmax weights m = softmax((θ + g)/τ + bias) of
 * every sample and layer and the batch's mean E[LAT] = mean over samples of Σ m·LUT + fixed, in
 * one dispatch, and their gradient with respect to θ in one more. In sampled mode the weights'
 * value is the path's one-hot (the straight-through estimator): E[LAT] is the path's latency and
 * the gradient is the soft weights'. The same numbers as the tfjs ops of search/sampling.ts and
 * search/loss.ts (tested against the cpu backend).
 */
import { tf } from '../runtime/tf';
import { ElementwiseProgram, sizeOf, type WebGpuBackend, WorkgroupProgram } from './backend-access';
import { flatSlices } from './fused-conv';
import { GUMBEL_LATENCY, GUMBEL_LATENCY_GRAD } from './names';

type Args = { inputs: Record<string, tf.TensorInfo>; attrs: Record<string, unknown>; backend: unknown };

/** The soft weight s[row, i] of a layer row (a sample's layer) from θ, the noise and the mask bias. */
const SOFT_WGSL = `
  fn zOf(r : i32, i : i32) -> f32 {
    let l = r % uniforms.layers;
    return (Th[l * 9 + i] + Noise[r * 9 + i]) / uniforms.tau + Bias[l * 9 + i];
  }
  fn rowMax(r : i32) -> f32 {
    var mx = zOf(r, 0);
    for (var i = 1; i < 9; i++) { mx = max(mx, zOf(r, i)); }
    return mx;
  }
  fn rowSum(r : i32, mx : f32) -> f32 {
    var s = 0.0;
    for (var i = 0; i < 9; i++) { s += exp(zOf(r, i) - mx); }
    return s;
  }
`;

class GumbelLatencyProgram extends WorkgroupProgram {}
class GumbelLatencyGradProgram extends ElementwiseProgram {}

/** Output [rows·L·9 + 1]: the weights (soft, or the path's one-hot), then the mean E[LAT]. */
function forward({ inputs, attrs, backend }: Args): tf.TensorInfo {
  const { theta, bias, noise, lut, path } = inputs;
  const size = sizeOf(noise.shape);
  const program = new GumbelLatencyProgram(
    [size + 1],
    1,
    ['Th', 'Bias', 'Noise', 'Lut', 'Path'],
    `
    let RL = uniforms.rowsTimesLayers;
    var lat = 0.0;
    for (var r = lane; r < RL; r += LANES) {
      let mx = rowMax(r); let s = rowSum(r, mx); let l = r % uniforms.layers;
      for (var i = 0; i < 9; i++) {
        var m = exp(zOf(r, i) - mx) / s;
        if (uniforms.sampled == 1) { m = select(0.0, 1.0, Path[l] == i); }
        result[r * 9 + i] = m;
        lat += m * Lut[l * 9 + i];
      }
    }
    let total = wgSum(lat);
    let rows = RL / uniforms.layers;
    if (lane == 0) { result[RL * 9] = total / f32(rows) + uniforms.fixedMs; }`,
    SOFT_WGSL,
    'rowsTimesLayers : i32, layers : i32, sampled : i32, tau : f32, fixedMs : f32,',
  );
  const uniforms = [
    { type: 'int32' as const, data: [1] },
    { type: 'int32' as const, data: [size / 9] },
    { type: 'int32' as const, data: [theta.shape[0]] },
    { type: 'int32' as const, data: [attrs.sampled ? 1 : 0] },
    { type: 'float32' as const, data: [attrs.tau as number] },
    { type: 'float32' as const, data: [attrs.fixedMs as number] },
  ];
  return (backend as WebGpuBackend).runWebGPUProgram(program, [theta, bias, noise, lut, path], 'float32', uniforms);
}

/** dθ[l, i] = Σ_rows s·(G − Σ_j s_j·G_j)/τ with G = dm + dlat·LUT/rows: softmax's gradient through the soft weights. */
function backward({ inputs, attrs, backend }: Args): tf.TensorInfo {
  const { theta, bias, noise, lut, dy } = inputs;
  const size = sizeOf(noise.shape);
  const lk = sizeOf(theta.shape);
  const program = new GumbelLatencyGradProgram(
    theta.shape,
    lk,
    ['Th', 'Bias', 'Noise', 'Lut', 'Dy'],
    'n : i32, rowsTimesLayers : i32, layers : i32, tau : f32,',
    `
    let l = index / 9; let i = index % 9;
    let RL = uniforms.rowsTimesLayers; let rows = RL / uniforms.layers;
    let dlat = Dy[RL * 9] / f32(rows);
    var acc = 0.0;
    for (var r = l; r < RL; r += uniforms.layers) {
      let mx = rowMax(r); let s = rowSum(r, mx);
      var dot = 0.0;
      for (var j = 0; j < 9; j++) { dot += (exp(zOf(r, j) - mx) / s) * (Dy[r * 9 + j] + dlat * Lut[l * 9 + j]); }
      let si = exp(zOf(r, i) - mx) / s;
      acc += (si * (Dy[r * 9 + i] + dlat * Lut[l * 9 + i]) - dot * si) / uniforms.tau;
    }
    result[index] = acc;`,
    SOFT_WGSL,
  );
  const uniforms = [
    { type: 'int32' as const, data: [lk] },
    { type: 'int32' as const, data: [size / 9] },
    { type: 'int32' as const, data: [theta.shape[0]] },
    { type: 'float32' as const, data: [attrs.tau as number] },
  ];
  return (backend as WebGpuBackend).runWebGPUProgram(program, [theta, bias, noise, lut, dy], 'float32', uniforms);
}

export const GUMBEL_KERNELS: [string, (args: Args) => tf.TensorInfo][] = [
  [GUMBEL_LATENCY, forward],
  [GUMBEL_LATENCY_GRAD, backward],
];

/**
 * m (shaped like the noise: [rows, L, 9] or [L, 9]) and the mean E[LAT] in ms (a scalar), both
 * differentiable with respect to θ [L, 9]; `path` (sampled mode) makes m its one-hot in value.
 */
export function gumbelLatency(
  theta: tf.Tensor2D,
  bias: tf.Tensor2D,
  noise: tf.Tensor,
  tau: number,
  lut: tf.Tensor2D,
  fixedMs: number,
  path: number[] | null,
): { m: tf.Tensor; lat: tf.Scalar } {
  return tf.tidy(() => {
    const pathT = tf.tensor1d(path ?? [0], 'int32');
    const attrs = { tau, fixedMs, sampled: path ? 1 : 0 } as unknown as tf.NamedAttrMap;
    const op = tf.customGrad(((th: tf.Tensor, save: tf.GradSaveFunc) => {
      save([th, bias, noise, lut]);
      return {
        value: tf.engine().runKernel(GUMBEL_LATENCY, { theta: th, bias, noise, lut, path: pathT }, attrs) as tf.Tensor,
        gradFunc: (dy: tf.Tensor, [t, b, n, l]: tf.Tensor[]) =>
          tf.engine().runKernel(GUMBEL_LATENCY_GRAD, { theta: t, bias: b, noise: n, lut: l, dy }, attrs) as tf.Tensor,
      };
    }) as never) as unknown as (th: tf.Tensor) => tf.Tensor;
    const [m, lat] = flatSlices(op(theta), [noise.shape, []], [0, noise.size]);
    return { m, lat: lat as tf.Scalar };
  });
}
