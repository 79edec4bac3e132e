/**
 * The optimisers' and BatchNorm running averages' updates as one WebGPU dispatch each over flat
 * vectors (the caller concatenates the variables with buffer copies, which dispatch nothing). Each
 * computes exactly what the element-wise tfjs ops of src/engine/search/optim.ts compute, in the same order
 * of float32 operations, so the cpu backend's numbers are matched to rounding.
 */
import type { tf } from '../runtime/tf';
import { ElementwiseProgram, sizeOf, type WebGpuBackend } from './backend-access';
import { ADAM, BLEND, SGD_MOMENTUM } from './names';

type Args = { inputs: Record<string, tf.TensorInfo>; attrs: Record<string, unknown>; backend: unknown };

class SgdMomentumProgram extends ElementwiseProgram {}
class AdamProgram extends ElementwiseProgram {}
class BlendProgram extends ElementwiseProgram {}

/** v = μ·v + (g + λ·w); w −= lr·v. Output [w' | v']. */
function sgdMomentum({ inputs, attrs, backend }: Args): tf.TensorInfo {
  const { w, v, g } = inputs;
  const n = sizeOf(w.shape);
  const program = new SgdMomentumProgram(
    [2 * n],
    n,
    ['W', 'V', 'G'],
    'n : i32, lr : f32, momentum : f32, decay : f32,',
    `
    let gd = G[index] + W[index] * uniforms.decay;
    let vn = V[index] * uniforms.momentum + gd;
    result[index] = W[index] - vn * uniforms.lr;
    result[index + uniforms.n] = vn;`,
  );
  const uniforms = [
    { type: 'int32' as const, data: [n] },
    { type: 'float32' as const, data: [attrs.lr as number] },
    { type: 'float32' as const, data: [attrs.momentum as number] },
    { type: 'float32' as const, data: [attrs.weightDecay as number] },
  ];
  return (backend as WebGpuBackend).runWebGPUProgram(program, [w, v, g], 'float32', uniforms);
}

/**
 * Adam with L2 decay; where `ok` is false the step keeps x, m and v. Output [x' | m' | v'].
 * The bias corrections c1, c2 come from the host with the step count.
 */
function adam({ inputs, attrs, backend }: Args): tf.TensorInfo {
  const { x, m, v, g, ok } = inputs;
  const n = sizeOf(x.shape);
  const program = new AdamProgram(
    [3 * n],
    n,
    ['X', 'M', 'V', 'G', 'Ok'],
    'n : i32, lr : f32, decay : f32, beta1 : f32, beta2 : f32, rest1 : f32, rest2 : f32, c1 : f32, c2 : f32, eps : f32,',
    `
    let gd = G[index] + X[index] * uniforms.decay;
    let mn = M[index] * uniforms.beta1 + gd * uniforms.rest1;
    let vn = V[index] * uniforms.beta2 + (gd * gd) * uniforms.rest2;
    let update = (mn / uniforms.c1) / (sqrt(vn / uniforms.c2) + uniforms.eps);
    let keep = Ok[0] == 0;
    result[index] = select(X[index] - update * uniforms.lr, X[index], keep);
    result[index + uniforms.n] = select(mn, M[index], keep);
    result[index + 2 * uniforms.n] = select(vn, V[index], keep);`,
  );
  const f = (x: number) => ({ type: 'float32' as const, data: [x] });
  const [beta1, beta2] = [attrs.beta1 as number, attrs.beta2 as number];
  // 1 − β in double on the host, as tfjs's ops get it: in float32 on the device it is another number.
  const uniforms = [
    { type: 'int32' as const, data: [n] },
    ...[attrs.lr, attrs.weightDecay, beta1, beta2, 1 - beta1, 1 - beta2, attrs.c1, attrs.c2, attrs.epsilon].map((x) => f(x as number)),
  ];
  return (backend as WebGpuBackend).runWebGPUProgram(program, [x, m, v, g, ok], 'float32', uniforms);
}

/** (1 − t)·a + t·b, as tfjs's ops compute it: two products, then their sum. */
function blend({ inputs, attrs, backend }: Args): tf.TensorInfo {
  const { a, b } = inputs;
  const n = sizeOf(a.shape);
  const program = new BlendProgram(
    [n],
    n,
    ['A', 'B'],
    'n : i32, keep : f32, t : f32,',
    `
    result[index] = A[index] * uniforms.keep + B[index] * uniforms.t;`,
  );
  const t = attrs.t as number;
  const uniforms = [
    { type: 'int32' as const, data: [n] },
    { type: 'float32' as const, data: [1 - t] },
    { type: 'float32' as const, data: [t] },
  ];
  return (backend as WebGpuBackend).runWebGPUProgram(program, [a, b], 'float32', uniforms);
}

export const OPTIM_KERNELS: [string, (args: Args) => tf.TensorInfo][] = [
  [SGD_MOMENTUM, sgdMomentum],
  [ADAM, adam],
  [BLEND, blend],
];
