/**
 * A sampled path's weights on WebGPU: m[l, path[l]] for every layer in one dispatch, handed to
 * each layer as its own [1, w] tensor by buffer copies, where w is 2 for a block that adds its
 * input (the input's weight is a column of its own in the layer kernels) and 1 otherwise. Each
 * block then folds its weight into its last kernel instead of a multiply per layer (and one per
 * layer backward), and the gradient back to m is one dispatch as well.
 */
import { tf } from '../runtime/tf';
import { NUM_BLOCKS } from '../space/blocks';
import { ElementwiseProgram, sizeOf, type WebGpuBackend } from './backend-access';
import { flatSlices } from './fused-conv';
import { PICK, PICK_GRAD } from './names';

type Args = { inputs: Record<string, tf.TensorInfo>; attrs: Record<string, unknown>; backend: unknown };

class PickProgram extends ElementwiseProgram {}
class PickGradProgram extends ElementwiseProgram {}

/** out[i] = M[Idx[i]]. */
function pick({ inputs, backend }: Args): tf.TensorInfo {
  const n = sizeOf(inputs.idx.shape);
  const program = new PickProgram([n], n, ['M', 'Idx'], 'n : i32,', 'result[index] = M[Idx[index]];');
  return (backend as WebGpuBackend).runWebGPUProgram(program, [inputs.m, inputs.idx], 'float32', [{ type: 'int32', data: [n] }]);
}

/** dm[j] = Σ over i with Idx[i] = j of dy[i], shaped like m. */
function pickGrad({ inputs, attrs, backend }: Args): tf.TensorInfo {
  const shape = attrs.shape as number[];
  const size = sizeOf(shape);
  const program = new PickGradProgram(
    shape,
    size,
    ['Dy', 'Idx'],
    'n : i32, picks : i32,',
    `
    var acc = 0.0;
    for (var i = 0; i < uniforms.picks; i++) { if (Idx[i] == index) { acc += Dy[i]; } }
    result[index] = acc;`,
  );
  const uniforms = [
    { type: 'int32' as const, data: [size] },
    { type: 'int32' as const, data: [sizeOf(inputs.idx.shape)] },
  ];
  return (backend as WebGpuBackend).runWebGPUProgram(program, [inputs.dy, inputs.idx], 'float32', uniforms);
}

export const PICK_KERNELS: [string, (args: Args) => tf.TensorInfo][] = [
  [PICK, pick],
  [PICK_GRAD, pickGrad],
];

/**
 * Layer l's weight m[l, path[l]] as a [1, widths[l]] tensor (the value repeated), differentiable
 * with respect to m [layers, 9]. WebGPU only.
 */
export function pathWeights(m: tf.Tensor2D, path: number[], widths: number[]): tf.Tensor2D[] {
  return tf.tidy(() => {
    const idx = tf.tensor1d(
      path.flatMap((b, l) => Array.from({ length: widths[l] }, () => l * NUM_BLOCKS + b)),
      'int32',
    );
    const op = tf.customGrad(((mm: tf.Tensor, save: tf.GradSaveFunc) => {
      save([idx]);
      return {
        value: tf.engine().runKernel(PICK, { m: mm, idx }) as tf.Tensor,
        gradFunc: (dy: tf.Tensor, [i]: tf.Tensor[]) =>
          tf.engine().runKernel(PICK_GRAD, { dy, idx: i }, { shape: mm.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
      };
    }) as never) as unknown as (mm: tf.Tensor) => tf.Tensor;
    const picked = op(m);
    let at = 0;
    const offsets = widths.map((w) => {
      const o = at;
      at += w;
      return o;
    });
    return flatSlices(
      picked,
      widths.map((w) => [1, w]),
      offsets,
    ) as tf.Tensor2D[];
  });
}
