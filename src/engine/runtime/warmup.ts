/**
 * WebGPU pipeline warm-up: tfjs compiles a compute pipeline the first time each shader runs,
 * one after another, which makes the first step of a search on WebGPU take far longer than the
 * rest. In compile-only mode tfjs instead starts every pipeline compile of one forward/backward
 * pass at once (the driver compiles them in parallel) and dispatches nothing; the real first
 * step then finds them all cached. Other backends compile nothing and skip this.
 */
import { tf } from './tf';
import { NUM_BLOCKS } from '../space/blocks';
import { Supernet } from '../nn/supernet';
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
      const x = tf.zeros([batch, space.inputSize, space.inputSize, space.inputChannels]) as tf.Tensor4D;
      const y = tf.zeros([batch, space.numClasses]) as tf.Tensor2D;
      const m = tf.fill([batch, numLayers(space), NUM_BLOCKS], 1 / NUM_BLOCKS);
      tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, net.forward(x, m, { training: true })) as tf.Scalar, net.weights);
    });
    await (tf.backend() as unknown as CompilingBackend).checkCompileCompletionAsync();
  } finally {
    tf.env().set(flag, false);
    net.dispose();
  }
  return true;
}
