import type { WorkerHost } from '../../../../workers/host';
import type { Router } from '../../../../workers/router';
import { AfterSearchJobs, type JobHost } from './jobs';

/** The after-search worker side: retraining and the cross-device study, on the host's backend, data and tables. */
export function registerAfterSearch(router: Router, host: WorkerHost): void {
  const jobHost: JobHost = {
    startBlocker: () => null,
    get searchActive() {
      return host.searching();
    },
    backendReady: () => host.backendReady(),
    activeTable: () => host.tables.active(),
    resolveSpace: (config) => host.resolveSpace(config),
    bundledTable: (id, space) => host.tables.bundled(id, space),
    // A retrain trains on its own budget's images: the dataset panel keeps describing the search's.
    dataFor: (config, space) =>
      host.data.forSearch(
        config,
        space,
        (fraction, message) => host.post({ type: 'dataProgress', loaded: fraction, total: 1, what: message }),
        false,
      ),
  };
  const jobs = new AfterSearchJobs(jobHost, host.post);
  host.addStartBlocker(() => jobHost.startBlocker());
  router.on(['retrain', 'cancelRetrain', 'exportRetrained', 'study', 'cancelStudy'], (cmd) => jobs.handle(cmd));
}
