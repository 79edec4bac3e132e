/**
 * The fused layer's stages as tfjs kernels of the WebGPU backend: each builds its program from
 * the inputs' sizes and runs it through the backend's runWebGPUProgram (one dispatch).
 */
import { tf } from '../runtime/tf';
import type { ElementwiseProgram, Uniform, WebGpuBackend } from './backend-access';
import * as bwd from './layer-backward';
import * as fwd from './layer-forward';

type Attrs = Record<string, number>;
type Stage = (a: Attrs) => { program: ElementwiseProgram; uniforms: Uniform[] };

const i32 = (x: number): Uniform => ({ type: 'int32', data: [x] });
/** Uniform `n`: the program's thread count, from its output's size per thread. */
const threads = (p: ElementwiseProgram, perThread = 1) => i32(p.outputShape.reduce((a, b) => a * b, 1) / perThread);
const simple = (program: ElementwiseProgram, perThread = 1) => ({ program, uniforms: [threads(program, perThread)] });

export const LAYER = {
  EXPAND: 'FbnetLayerExpand',
  STATS: 'FbnetLayerStats',
  BN_RELU: 'FbnetLayerBnRelu',
  DEPTHWISE: 'FbnetLayerDepthwise',
  PROJECT: 'FbnetLayerProject',
  COMBINE: 'FbnetLayerCombine',
  BN3_SUMS: 'FbnetLayerBn3Sums',
  MIX_GRAD: 'FbnetLayerMixGrad',
  BN3_BACK: 'FbnetLayerBn3Back',
  BN_SUMS: 'FbnetLayerBnSums',
  BN_BACK: 'FbnetLayerBnBack',
  PROJECT_BACK_INPUT: 'FbnetLayerProjectBackInput',
  PROJECT_BACK_WEIGHT: 'FbnetLayerProjectBackWeight',
  DEPTHWISE_BACK_INPUT: 'FbnetLayerDepthwiseBackInput',
  DEPTHWISE_BACK_FILTER: 'FbnetLayerDepthwiseBackFilter',
  EXPAND_BACK_INPUT: 'FbnetLayerExpandBackInput',
  EXPAND_BACK_WEIGHT: 'FbnetLayerExpandBackWeight',
} as const;

const STAGES: Record<string, Stage> = {
  [LAYER.EXPAND]: (a) => simple(new fwd.LayerExpandProgram(a.rows, a.c)),
  [LAYER.STATS]: (a) => ({ program: new fwd.LayerStatsProgram(a.c), uniforms: [i32(a.c), i32(a.rows)] }),
  [LAYER.BN_RELU]: (a) => ({
    program: new fwd.LayerBnReluProgram(a.rows, a.c),
    uniforms: [i32(a.rows * a.c), i32(a.c), i32(a.gamma), i32(a.beta)],
  }),
  [LAYER.DEPTHWISE]: (a) => simple(new fwd.LayerDepthwiseProgram(a.rows, a.c)),
  [LAYER.PROJECT]: (a) => simple(new fwd.LayerProjectProgram(a.rows, a.c)),
  [LAYER.COMBINE]: (a) => simple(new fwd.LayerCombineProgram(a.rows, a.c)),
  [LAYER.BN3_SUMS]: (a) => simple(new bwd.LayerBn3SumsProgram(a.c), 2),
  [LAYER.MIX_GRAD]: (a) => simple(new bwd.LayerMixGradProgram(a.rows, a.c)),
  [LAYER.BN3_BACK]: (a) => simple(new bwd.LayerBn3BackProgram(a.rows, a.c)),
  [LAYER.BN_SUMS]: (a) => ({ program: new bwd.LayerBnSumsProgram(a.c), uniforms: [i32(a.c), i32(a.rows)] }),
  [LAYER.BN_BACK]: (a) => ({
    program: new bwd.LayerBnBackProgram(a.rows, a.c),
    uniforms: [i32(a.rows * a.c), i32(a.c), i32(a.rows), i32(a.gamma)],
  }),
  [LAYER.PROJECT_BACK_INPUT]: (a) => simple(new bwd.LayerProjectBackInputProgram(a.rows, a.c)),
  [LAYER.PROJECT_BACK_WEIGHT]: (a) => simple(new bwd.LayerProjectBackWeightProgram(a.c)),
  [LAYER.DEPTHWISE_BACK_INPUT]: (a) => simple(new bwd.LayerDepthwiseBackInputProgram(a.rows, a.c)),
  [LAYER.DEPTHWISE_BACK_FILTER]: (a) => simple(new bwd.LayerDepthwiseBackFilterProgram(a.c)),
  [LAYER.EXPAND_BACK_INPUT]: (a) => simple(new bwd.LayerExpandBackInputProgram(a.rows, a.c)),
  [LAYER.EXPAND_BACK_WEIGHT]: (a) => simple(new bwd.LayerExpandBackWeightProgram(a.c)),
};

type Args = { inputs: Record<string, tf.TensorInfo>; attrs: Record<string, unknown>; backend: unknown };

export const LAYER_KERNELS: [string, (args: Args) => tf.TensorInfo][] = Object.entries(STAGES).map(([name, stage]) => [
  name,
  ({ inputs, attrs, backend }: Args) => {
    const { program, uniforms } = stage(attrs as Attrs);
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
