import type { WorkerHost } from '../../../../workers/host';
import type { Router } from '../../../../workers/router';
import { SearchRun } from './search-run';

/** The search's worker side: the run (start, pause, step, resume, stop, live controls). */
export function registerSearch(router: Router, host: WorkerHost): SearchRun {
  const run = new SearchRun(host);
  host.searching = () => run.searchActive;
  host.liveSearch = () => run.live;
  router.on(['start', 'pause', 'resume', 'step', 'stop', 'control'], (cmd) => run.handle(cmd));
  router.on(['liveResult'], () => run.liveResult());
  return run;
}
