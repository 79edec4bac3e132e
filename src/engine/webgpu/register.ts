/** Registers this folder's kernels for tfjs's WebGPU backend (idempotent). */
import { tf } from '../runtime/tf';
import { COPY_KERNELS } from './copies';
import { flatConcat } from './fused-conv';
import { LAYER_KERNELS } from './layer-kernels';
import { GUMBEL_KERNELS } from './gumbel-latency';
import { FLAT_SLICES } from './names';
import { OPTIM_KERNELS } from './optim-kernels';
import { PICK_KERNELS } from './path-weights';

export function registerWebGpuKernels(): void {
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
