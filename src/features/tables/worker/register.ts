import type { WorkerHost } from '../../../../workers/host';
import type { Router } from '../../../../workers/router';
import { LutTools } from './lut-tools';
import { ActiveTable } from './table-service';

/** The tables' worker side: the active table (a service of the host) and the fit and measure tools. */
export function registerTables(router: Router, host: WorkerHost): void {
  const tables = new ActiveTable(host);
  host.tables = tables;
  router.on(['loadTable'], (cmd) => tables.load(cmd));
  const lut = new LutTools(host.post, {
    ready: () => host.backendReady(),
    space: (config) => host.resolveSpace(config),
    activeTable: () => tables.active(),
    searching: () => host.searching(),
  });
  router.on(['fitTable', 'measureTable', 'cancelMeasure'], (cmd) => lut.handle(cmd));
  host.addStartBlocker(() => (lut.busyMeasuring ? 'a latency measurement is running; cancel it or let it finish first' : null));
}
