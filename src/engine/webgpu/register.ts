/** Registers this folder's kernels for tfjs's WebGPU backend (idempotent). */
import { tf } from '../runtime/tf';
import { onSoftwareAdapter, type WebGpuBackend } from './backend-access';
import { COPY_KERNELS } from './copies';
import { flatConcat } from './fused-conv';
import { LAYER_KERNELS } from './layer-kernels';
import { GUMBEL_KERNELS } from './gumbel-latency';
import { FLAT_SLICES } from './names';
import { OPTIM_KERNELS } from './optim-kernels';
import { PICK_KERNELS } from './path-weights';

/**
 * Dispatches per command-buffer submit. Measured (`npm run bench:node-webgpu -- --swiftshader
 * --config toy --mode mixture --batch 4 --submit-batch 15,100`, the values taking turns): a toy
 * mixture w-step took a median 8409 ms submitting every 15 dispatches, 8452 ms every 100 — no gain
 * from larger batches on SwiftShader, so tfjs's 15 is kept.
 */
const SUBMIT_BATCH_SIZE = 15;

/**
 * tfjs's MatMulPackedProgram (its enum value in the backend). For a search step's products with a
 * small output and a long inner dimension (weight gradients over the batch) tfjs picks
 * MatMulReduceProgram or MatMulSmallOutputSizeProgram, and for the stem's and the skip
 * projections' convs Conv2DMMProgram: all share tiles or partial sums through work-group barriers,
 * and on a CPU adapter a barrier costs tens of µs per work-group. Measured (`npm run
 * bench:kernel-times -- --config toy`, SwiftShader): a mixture w-step's 39 matmuls took 780 ms,
 * 27 ms packed; its 4 Conv2DMM dispatches 150–245 ms, ~5 ms as im2col + packed matmul.
 */
const MATMUL_PACKED = 3;

/** Settings of the running WebGPU backend that depend on its adapter. */
export function tuneWebGpuBackend(backend: unknown): void {
  if (!onSoftwareAdapter(backend as WebGpuBackend)) return;
  tf.env().set('WEBGPU_MATMUL_PROGRAM_TYPE', MATMUL_PACKED);
  tf.env().set('WEBGPU_CONV_SEPARATE_IM2COL_SHADER', true);
}

export function registerWebGpuKernels(): void {
  tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', SUBMIT_BATCH_SIZE);
  for (const [kernelName, f] of [...COPY_KERNELS, ...OPTIM_KERNELS, ...LAYER_KERNELS, ...PICK_KERNELS, ...GUMBEL_KERNELS]) {
    if (!tf.getKernel(kernelName, 'webgpu'))
      tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc: f as unknown as tf.KernelFunc });
  }
  if (!tf.getGradient(FLAT_SLICES)) {
    // Slices that tile their input from its start: the gradient joins the parts' gradients again.
    tf.registerGradient({
      kernelName: FLAT_SLICES,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], _saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
        const dys = Array.isArray(dy) ? dy : [dy];
        const offsets = attrs.offsets as unknown as number[];
        let at = 0;
        dys.forEach((d, i) => {
          if (offsets[i] !== at) throw new Error(`${FLAT_SLICES}: the gradient needs slices that tile the input in order`);
          at += d.size;
        });
        return { x: () => flatConcat(dys) };
      },
    });
  }
}
