import type { WorkerHost } from '../../../../workers/host';
import type { Router } from '../../../../workers/router';
import { Session } from './session';

/** The search's worker side: the run (start, pause, step, resume, stop, live controls). */
export function registerSearch(router: Router, host: WorkerHost): Session {
  const session = new Session(host);
  host.searching = () => session.searchActive;
  host.liveSearch = () => session.live;
  router.on(['start', 'pause', 'resume', 'step', 'stop', 'control'], (cmd) => session.handle(cmd));
  return session;
}
