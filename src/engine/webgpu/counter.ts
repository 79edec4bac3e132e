/**
 * Counts what tfjs's WebGPU backend really sends to the GPU: every compute dispatch (by program)
 * and every host-to-GPU upload of tensor values. It wraps the backend's own recordAndSubmit, which
 * records exactly one dispatchWorkgroups per call, so the count is the backend's, not a model of it.
 */
import { tf } from '../runtime/tf';

interface WebGpuBackendLike {
  recordAndSubmit(program: { constructor: { name: string } }, ...rest: unknown[]): void;
  uploadToGPU(dataId: object): void;
  tensorMap: { get(id: object): { values?: unknown; resource?: unknown } | undefined };
}

export interface DispatchCount {
  dispatches: number;
  byKernel: Record<string, number>;
  /** Tensors whose values were copied from the host onto the GPU. */
  uploads: number;
}

export interface DispatchCounter {
  /** The counts since the counter started or was last reset. */
  read(): DispatchCount;
  reset(): void;
  /** Restores the backend's own methods. */
  stop(): void;
}

/** Starts counting on the active backend, which must be tfjs's WebGPU backend. */
export function countDispatches(): DispatchCounter {
  if (tf.getBackend() !== 'webgpu') throw new Error(`dispatch counter: the active backend is ${tf.getBackend()}, not webgpu`);
  const backend = tf.backend() as unknown as WebGpuBackendLike;
  const record = backend.recordAndSubmit;
  const upload = backend.uploadToGPU;
  let byKernel: Record<string, number> = {};
  let uploads = 0;
  backend.recordAndSubmit = function (this: WebGpuBackendLike, program, ...rest) {
    const name = program.constructor.name;
    byKernel[name] = (byKernel[name] ?? 0) + 1;
    return record.call(this, program, ...rest);
  };
  backend.uploadToGPU = function (this: WebGpuBackendLike, dataId) {
    const data = this.tensorMap.get(dataId);
    if (data && data.resource == null && data.values != null) uploads++;
    return upload.call(this, dataId);
  };
  return {
    read: () => ({ dispatches: Object.values(byKernel).reduce((a, b) => a + b, 0), byKernel: { ...byKernel }, uploads }),
    reset: () => {
      byKernel = {};
      uploads = 0;
    },
    stop: () => {
      backend.recordAndSubmit = record;
      backend.uploadToGPU = upload;
    },
  };
}
