/**
 * Training BatchNorm followed by ReLU (the stem, the head and the skip projections) in the layer
 * kernels: two dispatches forward (statistics, normalise + ReLU), two backward (BatchNorm's
 * closed-form sums, then the input gradient). tfjs's moments, batchNorm and relu and their
 * gradients were about twenty dispatches and several scalar uploads per call.
 */
import { tf } from '../runtime/tf';
import { flatConcat, flatSplit } from './fused-conv';
import { LAYER, stage } from './layer-kernels';

/** The statistics of the last call, [2, C], kept for the caller. */
let lastStats: tf.Tensor | null = null;

const op = tf.customGrad(((...args: unknown[]) => {
  const save = args.pop() as tf.GradSaveFunc;
  const [x, gamma, beta] = args as tf.Tensor[];
  const c = x.shape[x.rank - 1];
  const rows = x.size / c;
  const X = x.reshape([rows, c]);
  const P = flatConcat([gamma, beta]);
  const st = stage(LAYER.STATS, { X }, { rows, c });
  const a = stage(LAYER.BN_RELU, { X, St: st, P }, { rows, c, gamma: 0, beta: c });
  lastStats = tf.keep(st);
  save([X, st, a, P]);
  return {
    value: a.reshape(x.shape),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [Xs, St, A, Ps] = saved;
      const Da = dy.reshape([rows, c]);
      const sums = stage(LAYER.BN_SUMS, { Da, A, X: Xs, St }, { rows, c });
      const dx = stage(LAYER.BN_BACK, { Da, A, X: Xs, St, P: Ps, Sums: sums }, { rows, c, gamma: 0 });
      return [dx.reshape(x.shape), ...flatSplit(sums, [[c], [c]])];
    },
  };
}) as never) as unknown as (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor;

/** ReLU(BatchNorm(x)) with batch statistics; x [..., C]. The statistics are returned for the running averages. */
export function batchNormReluTrain(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
): { y: tf.Tensor4D; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const y = op(x, gamma, beta) as tf.Tensor4D;
  const st = lastStats!;
  lastStats = null;
  const c = x.shape[3];
  const [mean, variance] = flatSplit(st, [[c], [c]]) as tf.Tensor1D[];
  st.dispose();
  return { y, mean, variance };
}
