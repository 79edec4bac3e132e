/**
 * WebGPU pipeline warm-up: tfjs compiles a compute pipeline the first time each shader runs,
 * one after another, which makes the first step of a search on WebGPU take far longer than the
 * rest. In compile-only mode tfjs instead starts every pipeline compile of a search at once (the
 * driver compiles them in parallel) and dispatches nothing, and the real steps find them all
 * cached. It runs the step's own functions (search/step.ts) for a w step and a θ step, in the
 * search's mode (a sampled search on paths that between them take every block of every layer):
 * the loss in the search's form, the gradients, the finiteness guard, both optimisers, the
 * readback's packing, BatchNorm's running averages and the epoch's validation pass. Other
 * backends compile nothing and skip this.
 */
import { tf } from './tf';
import { batchHits } from '../data/batch';
import { NUM_BLOCKS } from '../space/blocks';
import { Adam, MomentumSgd } from '../search/optim';
import { batchLoss, finiteFlag, phaseGrads, readbackVector, validationLogits } from '../search/step';
import type { Search } from '../search/search';
import { Supernet } from '../nn/supernet';
import { applyBatchNormUpdates, type BatchNormUpdate } from '../nn/params';
import { Rng } from '../rng';
import { numLayers } from '../space/space';

interface CompilingBackend {
  checkCompileCompletionAsync(): Promise<void>;
}

/** What the warm-up needs of a search: its net's shapes, its batch, its mode and its loss. */
export type WarmUpTarget = Pick<Search, 'space' | 'config' | 'lossWeights'>;

/** Resolves true when pipelines were compiled, false on backends that need no warm-up. */
export async function warmUpPipelines(search: WarmUpTarget, onStart?: () => void): Promise<boolean> {
  if (tf.getBackend() !== 'webgpu') return false;
  onStart?.();
  const { space } = search;
  const { batchSize: batch, mode } = search.config;
  const weights = search.lossWeights;
  // Same space and batch: same shapes, so the same shader keys as the search's own net.
  const net = new Supernet(space, Rng.fromSeed(0, 0));
  const flag = 'WEBGPU_ENGINE_COMPILE_ONLY';
  tf.env().set(flag, true);
  const sgd = new MomentumSgd(net.weights, 0.9, 1e-4);
  const adam = new Adam([net.theta], 1e-4);
  try {
    tf.tidy(() => {
      const L = numLayers(space);
      const x = tf.zeros([batch, space.inputSize, space.inputSize, space.inputChannels]) as tf.Tensor4D;
      const labels = tf.zeros([batch], 'int32') as tf.Tensor1D;
      const lut = tf.ones([L, NUM_BLOCKS]) as tf.Tensor2D;
      // A sampled search's kernels depend on the blocks its paths take: path i takes block i
      // wherever the layer allows it, so every block of every layer runs once.
      const paths = Array.from({ length: NUM_BLOCKS }, (_, i) => net.mask.map((row) => (row[i] ? i : row.findIndex((ok) => ok))));
      for (const p of mode === 'sampled' ? paths : [null]) {
        const noise = tf.zeros(p ? [L, NUM_BLOCKS] : [batch, L, NUM_BLOCKS]);
        // Exactly a step's kernels, each phase: the loss, the gradients, the guard, the update, the readback's packing.
        for (const phase of ['w', 'theta'] as const) {
          const ctx = { training: true, bnUpdates: [] as BatchNormUpdate[] };
          const vars = phase === 'w' ? net.weights : [net.theta];
          const { grads, stats } = phaseGrads(phase, vars, () =>
            batchLoss({ net, x, labels, numClasses: space.numClasses, noise, tau: 1, lut, fixedMs: 0, path: p, weights, ctx }),
          );
          const ok = finiteFlag(stats, phase === 'theta' ? grads[net.theta.name] : null);
          if (phase === 'theta') adam.apply([grads[net.theta.name]], 0.1, ok);
          else
            sgd.apply(
              net.weights.map((v) => grads[v.name] ?? null),
              0.1,
            );
          readbackVector(stats, ok, net);
          stats.dispose();
          applyBatchNormUpdates(ctx.bnUpdates);
        }
        // The epoch's validation pass (splitAccuracy's kernels).
        tf.add(tf.scalar(0), batchHits(validationLogits(net, x, 1, p), labels, batch));
      }
    });
    await (tf.backend() as unknown as CompilingBackend).checkCompileCompletionAsync();
  } finally {
    tf.env().set(flag, false);
    sgd.dispose();
    adam.dispose();
    net.dispose();
  }
  return true;
}
