/**
 * The fused layer's stages as tfjs kernels of the WebGPU backend: each builds its program from
 * the inputs' sizes and runs it through the backend's runWebGPUProgram (one dispatch).
 */
import { tf } from '../runtime/tf';
import {
  type ElementwiseProgram,
  jobLanes,
  type Uniform,
  type WebGpuBackend,
  type WebGpuProgram,
  type WorkgroupProgram,
} from './backend-access';
import * as bn from './bn-programs';
import * as bwd from './layer-backward';
import * as grads from './layer-grads';
import * as fwd from './layer-forward';

type Attrs = Record<string, number>;
/** `lanes`: threads per job of the work-group programs (jobLanes). */
type Stage = (a: Attrs, lanes: number) => { program: WebGpuProgram; uniforms: Uniform[] };

const i32 = (x: number): Uniform => ({ type: 'int32', data: [x] });
/** Uniform `n`: the program's thread count, from its output's size per thread. */
const threads = (p: ElementwiseProgram, perThread = 1) => i32(p.outputShape.reduce((a, b) => a * b, 1) / perThread);
const simple = (program: ElementwiseProgram, perThread = 1) => ({ program, uniforms: [threads(program, perThread)] });
/** Uniform `n`: a thread count given by the stage. */
const counted = (program: ElementwiseProgram, n: number) => ({ program, uniforms: [i32(n)] });

export const LAYER = {
  EXPAND_STATS: 'FbnetLayerExpandStats',
  DEPTHWISE_STATS: 'FbnetLayerDepthwiseStats',
  PROJECT_STATS: 'FbnetLayerProjectStats',
  COMBINE: 'FbnetLayerCombine',
  BN3_SUMS_MIX_GRAD: 'FbnetLayerBn3SumsMixGrad',
  PROJECT_BACK_SUMS: 'FbnetLayerProjectBackSums',
  DEPTHWISE_BACK_SUMS: 'FbnetLayerDepthwiseBackSums',
  INPUT_GRAD: 'FbnetLayerInputGrad',
  W1_GRAD: 'FbnetLayerW1Grad',
  DW_GRAD: 'FbnetLayerDwGrad',
  W2_GRAD: 'FbnetLayerW2Grad',
  STATS: 'FbnetLayerStats',
  BN_RELU: 'FbnetLayerBnRelu',
  BN_SUMS: 'FbnetLayerBnSums',
  BN_BACK: 'FbnetLayerBnBack',
} as const;

/** A work-group program's one uniform: its job count. */
const none = (program: WorkgroupProgram) => ({ program, uniforms: [i32(program.jobs)] });

const STAGES: Record<string, Stage> = {
  [LAYER.EXPAND_STATS]: (a, l) => none(new fwd.LayerExpandStatsProgram(a.rows, a.c, l)),
  [LAYER.DEPTHWISE_STATS]: (a, l) => none(new fwd.LayerDepthwiseStatsProgram(a.rows, a.c, l)),
  [LAYER.PROJECT_STATS]: (a, l) => none(new fwd.LayerProjectStatsProgram(a.rows, a.c, l)),
  [LAYER.COMBINE]: (a) => simple(new fwd.LayerCombineProgram(a.rows, a.c)),
  [LAYER.BN3_SUMS_MIX_GRAD]: (a, l) => none(new bwd.LayerBn3SumsMixGradProgram(a.c, a.mix, a.rows, l)),
  [LAYER.PROJECT_BACK_SUMS]: (a, l) => none(new bwd.LayerProjectBackSumsProgram(a.rows, a.c, l)),
  [LAYER.DEPTHWISE_BACK_SUMS]: (a, l) => none(new bwd.LayerDepthwiseBackSumsProgram(a.rows, a.c, l, a.strided === 1)),
  [LAYER.INPUT_GRAD]: (a) => counted(new grads.LayerInputGradProgram(a.c, a.threads), a.threads),
  [LAYER.W1_GRAD]: (a) => counted(new grads.LayerW1GradProgram(a.c, a.threads), a.threads),
  [LAYER.DW_GRAD]: (a) => counted(new grads.LayerDwGradProgram(a.c, a.threads), a.threads),
  [LAYER.W2_GRAD]: (a) => counted(new grads.LayerW2GradProgram(a.c, a.threads), a.threads),
  [LAYER.STATS]: (a) => ({ program: new bn.LayerStatsProgram(a.c), uniforms: [i32(a.c), i32(a.rows)] }),
  [LAYER.BN_RELU]: (a) => ({
    program: new bn.LayerBnReluProgram(a.rows, a.c),
    uniforms: [i32(a.rows * a.c), i32(a.c), i32(a.gamma), i32(a.beta)],
  }),
  [LAYER.BN_SUMS]: (a) => ({ program: new bn.LayerBnSumsProgram(a.c), uniforms: [i32(a.c), i32(a.rows)] }),
  [LAYER.BN_BACK]: (a) => ({
    program: new bn.LayerBnBackProgram(a.rows, a.c),
    uniforms: [i32(a.rows * a.c), i32(a.c), i32(a.rows), i32(a.gamma)],
  }),
};

type Args = { inputs: Record<string, tf.TensorInfo>; attrs: Record<string, unknown>; backend: unknown };

export const LAYER_KERNELS: [string, (args: Args) => tf.TensorInfo][] = Object.entries(STAGES).map(([name, stage]) => [
  name,
  ({ inputs, attrs, backend }: Args) => {
    const { program, uniforms } = stage(attrs as Attrs, jobLanes(backend as WebGpuBackend));
    const ins = program.variableNames.map((v) => {
      if (!inputs[v]) throw new Error(`${name}: input ${v} is missing`);
      return inputs[v];
    });
    return (backend as WebGpuBackend).runWebGPUProgram(program, ins, 'float32', uniforms);
  },
]);

/** Runs a stage: `rows` and `c` size its output (see each program), the rest are its uniforms. */
export function stage(name: string, inputs: Record<string, tf.Tensor>, attrs: Attrs): tf.Tensor {
  return tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}
