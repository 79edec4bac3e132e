import { errorMessage } from '../../../engine/errors';
import type { WorkerHost } from '../../../../workers/host';
import type { Router } from '../../../../workers/router';
import { buildSearchZip } from './search-zip';

/** The scale-out's worker side: the PyTorch package, built where the table and the data live. */
export function registerScaleOut(router: Router, host: WorkerHost): void {
  router.on(['searchPackage'], async (cmd) => {
    try {
      const { name, zip } = await buildSearchZip(host, cmd.config, new Date());
      host.post({ type: 'searchPackage', requestId: cmd.requestId, name, zip });
    } catch (err) {
      host.post({ type: 'searchPackageError', requestId: cmd.requestId, message: errorMessage(err) });
    }
  });
}
