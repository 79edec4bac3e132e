/// <reference lib="webworker" />
/**
 * The worker's side of recovery: checkpoints posted between steps, the WebGPU device watched for
 * loss, and the faults a test page may simulate. The page does the restarting (src/features/recovery/actions.ts).
 */
import { errorMessage } from '../../../engine/errors';
import { tf } from '../../../engine/runtime/tf';
import { takeCheckpoint, type Search } from '../../../engine/search';
import type { CheckpointReason, FaultKind, WorkerMessage } from '../../../app/protocol';

declare const self: DedicatedWorkerGlobalScope;

interface DeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

/** The GPUDevice behind the active tfjs backend, when it is WebGPU. */
function webGpuDevice(): DeviceLike | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const device = (tf.backend() as unknown as { device?: DeviceLike }).device;
  return device && typeof device.destroy === 'function' ? device : null;
}

let watched: DeviceLike | null = null;

/** tfjs does not handle a lost device; the page must hear of it to move the search elsewhere. */
export function watchDevice(post: (m: WorkerMessage) => void): void {
  const device = webGpuDevice();
  if (!device || device === watched) return;
  watched = device;
  void device.lost.then((info) => {
    post({
      type: 'backendLost',
      backend: 'webgpu',
      message: `the WebGPU device was lost (${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''})`,
    });
  });
}

export async function postCheckpoint(search: Search, reason: CheckpointReason, post: (m: WorkerMessage) => void): Promise<void> {
  try {
    post({ type: 'checkpoint', reason, checkpoint: await takeCheckpoint(search) });
  } catch (err) {
    post({ type: 'error', message: `checkpoint at step ${search.stepIndex} failed: ${errorMessage(err)}` });
  }
}

/**
 * Test pages only: on WebGPU the device is destroyed (the real device.lost path follows);
 * elsewhere the worker dies of an uncaught error, which the page sees as the worker's 'error'.
 */
export function simulateFault(fault: FaultKind): void {
  const device = fault === 'loseDevice' ? webGpuDevice() : null;
  if (device) {
    device.destroy();
    return;
  }
  setTimeout(() => {
    throw new Error(`simulated ${fault === 'loseDevice' ? 'device loss' : 'worker crash'} on ${tf.getBackend()}`);
  }, 0);
}
