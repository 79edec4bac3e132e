/**
 * WebGPU pipeline warm-up: tfjs compiles a compute pipeline the first time each shader runs,
 * one after another, which makes the first step of a search on WebGPU take far longer than the
 * rest. In compile-only mode tfjs instead starts every pipeline compile of a w step and a θ step,
 * in mixture and in sampled mode (weights, forward, backward, optimisers, BatchNorm's running
 * averages), at once (the driver
 * compiles them in parallel) and dispatches nothing; the real first step then finds them all
 * cached. Other backends compile nothing and skip this.
 */
import { tf } from './tf';
import { NUM_BLOCKS, SKIP_INDEX } from '../space/blocks';
import { Adam, MomentumSgd } from '../search/optim';
import { gumbelWeightsAndLatency } from '../search/sampling';
import { Supernet } from '../nn/supernet';
import { applyBatchNormUpdates, type BatchNormUpdate } from '../nn/params';
import { Rng } from '../rng';
import { numLayers, type Space } from '../space/space';

interface CompilingBackend {
  checkCompileCompletionAsync(): Promise<void>;
}

/** Resolves true when pipelines were compiled, false on backends that need no warm-up. */
export async function warmUpPipelines(space: Space, batch: number, onStart?: () => void): Promise<boolean> {
  if (tf.getBackend() !== 'webgpu') return false;
  onStart?.();
  // Same space and batch: same shapes, so the same shader keys as the search's own net.
  const net = new Supernet(space, Rng.fromSeed(0, 0));
  const flag = 'WEBGPU_ENGINE_COMPILE_ONLY';
  tf.env().set(flag, true);
  try {
    tf.tidy(() => {
      const L = numLayers(space);
      const x = tf.zeros([batch, space.inputSize, space.inputSize, space.inputChannels]) as tf.Tensor4D;
      const y = tf.zeros([batch, space.numClasses]) as tf.Tensor2D;
      const lut = tf.ones([L, NUM_BLOCKS]) as tf.Tensor2D;
      // A sampled path through a conv block wherever one is allowed: its kernels' shader keys differ
      // from the mixture's (one mixture row), and so do the path weights' own kernels.
      const path = net.mask.map((row) => {
        const conv = row.findIndex((ok, i) => ok && i !== SKIP_INDEX);
        return conv >= 0 ? conv : SKIP_INDEX;
      });
      const vars = [net.theta, ...net.weights];
      const sgd = new MomentumSgd(net.weights, 0.9, 1e-4);
      const adam = new Adam([net.theta], 1e-4);
      try {
        for (const sampled of [false, true]) {
          // A θ step's and a w step's kernels: the weights and E[LAT], the forward, every gradient, both optimisers.
          const noise = tf.zeros(sampled ? [L, NUM_BLOCKS] : [batch, L, NUM_BLOCKS]);
          const ctx = { training: true, bnUpdates: [] as BatchNormUpdate[] };
          const { grads } = tf.variableGrads(() => {
            const { m, lat } = gumbelWeightsAndLatency(net.theta, net.bias, noise, 1, lut, 0, sampled ? path : null);
            const logits = sampled ? net.forwardPath(x, path, m as tf.Tensor2D, ctx) : net.forward(x, m, ctx);
            return tf.add(tf.losses.softmaxCrossEntropy(y, logits), lat) as tf.Scalar;
          }, vars);
          sgd.apply(
            net.weights.map((v) => grads[v.name] ?? null),
            0.1,
          );
          adam.apply([grads[net.theta.name]], 0.1);
          applyBatchNormUpdates(ctx.bnUpdates);
        }
      } finally {
        sgd.dispose();
        adam.dispose();
      }
    });
    await (tf.backend() as unknown as CompilingBackend).checkCompileCompletionAsync();
  } finally {
    tf.env().set(flag, false);
    net.dispose();
  }
  return true;
}
