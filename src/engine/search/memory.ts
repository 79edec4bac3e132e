/**
 * Activation memory of a supernet step, estimated from the space, so a batch that would exhaust a
 * backend's memory (wasm: a 4 GB heap, and an overflow aborts the module) is split into
 * micro-batches up front.
 */
import { blockSpec } from '../space/blocks';
import type { SearchMode } from '../schemas';
import { allowedAt, layerShapes, type Space } from '../space/space';

/** Forward activations kept for the backward pass, per image, in bytes (float32). */
export function activationBytesPerImage(space: Space, mode: SearchMode = 'mixture'): number {
  let floats = 0;
  for (const s of layerShapes(space)) {
    const perBlock = allowedAt(space, s.index).map((b) => {
      const spec = blockSpec(b);
      // conv output, BN output and ReLU/output for each stage of the block
      if (spec.kind === 'skip') return s.identitySkip ? 0 : 3 * s.outputSize ** 2 * s.cOut;
      const mid = s.cIn * spec.expansion;
      return 3 * (s.inputSize ** 2 * mid + s.outputSize ** 2 * mid + s.outputSize ** 2 * s.cOut);
    });
    // sampled mode runs one block; budget for the largest
    floats += mode === 'sampled' ? Math.max(...perBlock) : perBlock.reduce((a, b) => a + b, 0);
  }
  return floats * 4;
}

/**
 * Forward-activation budget per pass. The backward pass roughly triples the peak; on wasm 600 MB
 * of activations (batch 16 at 28×28, width 0.25) ran, 1.05 GB (batch 32) aborted.
 */
export const ACTIVATION_BUDGET_BYTES: Record<string, number> = {
  wasm: 600e6,
  webgl: 1000e6,
  webgpu: 1500e6,
  cpu: 1500e6,
};

/** The largest divisor of batchSize whose activations fit the backend's budget (at least 1). */
export function autoMicroBatch(space: Space, batchSize: number, backend: string, mode: SearchMode = 'mixture'): number {
  const budget = ACTIVATION_BUDGET_BYTES[backend] ?? ACTIVATION_BUDGET_BYTES.cpu;
  const perImage = activationBytesPerImage(space, mode);
  for (let mb = batchSize; mb > 1; mb--) {
    if (batchSize % mb === 0 && mb * perImage <= budget) return mb;
  }
  return 1;
}

/** The config with `microBatch` chosen for the backend when the user left it unset. */
export function withMicroBatch<C extends { batchSize: number; microBatch?: number; mode: SearchMode }>(
  config: C,
  space: Space,
  backend: string,
): C {
  if (config.microBatch !== undefined) return config;
  const microBatch = autoMicroBatch(space, config.batchSize, backend, config.mode);
  return microBatch === config.batchSize ? config : { ...config, microBatch };
}
