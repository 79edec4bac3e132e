import type { WorkerHost } from '../../../../workers/host';
import type { Router } from '../../../../workers/router';
import { DatasetHost } from './dataset-host';

/** The datasets' worker side: the active dataset (a service of the host) and uploads. */
export function registerDatasets(router: Router, host: WorkerHost): void {
  const datasets = new DatasetHost(host.post, () => host.assets.data);
  host.data = datasets;
  router.on(['loadDataset'], (cmd) => {
    if (host.searching()) {
      return host.post({
        type: 'datasetError',
        requestId: cmd.requestId,
        name: cmd.source.kind === 'files' ? cmd.source.label : 'fashion-mnist',
        message: 'a search is running; stop it before changing the dataset',
      });
    }
    return datasets.load(cmd);
  });
}
