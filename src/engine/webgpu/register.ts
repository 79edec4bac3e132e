/** Registers this folder's kernels for tfjs's WebGPU backend (idempotent). */
import { tf } from '../runtime/tf';
import { COPY_KERNELS } from './copies';
import { LAYER_KERNELS } from './layer-kernels';
import { OPTIM_KERNELS } from './optim-kernels';

export function registerWebGpuKernels(): void {
  for (const [kernelName, f] of [...COPY_KERNELS, ...OPTIM_KERNELS, ...LAYER_KERNELS]) {
    if (!tf.getKernel(kernelName, 'webgpu'))
      tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc: f as unknown as tf.KernelFunc });
  }
}
