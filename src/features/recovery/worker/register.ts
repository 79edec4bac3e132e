import type { WorkerHost } from '../../../../workers/host';
import type { Router } from '../../../../workers/router';
import { simulateFault, watchDevice } from './faults';

/** Recovery's worker side: a restored search continues in `restore`; a lost WebGPU device is reported. */
export function registerRecovery(router: Router, host: WorkerHost, restore: (checkpoint: unknown, run: boolean) => Promise<void>): void {
  host.onBackend((active) => {
    if (active === 'webgpu') watchDevice(host.post);
  });
  router.on(['restore'], (cmd) => restore(cmd.checkpoint, cmd.run));
  router.on(['simulateFault'], (cmd) => simulateFault(cmd.fault));
}
