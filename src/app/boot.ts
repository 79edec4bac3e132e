import { afterSearchBusy } from '../features/after-search/actions';
import { connectAfterSearch } from '../features/after-search/connect';
import { resendDataset, restoreDataset } from '../features/datasets/actions';
import { connectDatasets } from '../features/datasets/connect';
import { initRecovery } from '../features/recovery/actions';
import { connectRecovery } from '../features/recovery/connect';
import { connectScaleOut } from '../features/scale-out/connect';
import { connectSearch } from '../features/search/connect';
import { checkConfig, DEFAULT_PRESET } from '../features/search/config';
import { currentConfig, isSearchActive, layoutOf } from '../features/search/current-config';
import { chooseTable, defaultTableId, refreshTable } from '../features/tables/actions';
import { connectTables } from '../features/tables/connect';
import { BUNDLED_TABLES } from '../engine/lut/bundled';
import { assetPaths } from './assets';
import { notify } from './notices';
import type { BackendChoice } from './protocol';
import { useStudio } from './store';
import { syncUrl } from './sync-url';
import { send, startWorker, stopWorker } from './transport';
import { readUrl } from './url';

/** Every feature registers its worker messages (and start guards) before the worker starts. */
function connectFeatures(): void {
  connectSearch();
  connectTables();
  connectDatasets();
  connectAfterSearch();
  connectRecovery();
  connectScaleOut();
}

/** Reads the link, starts the worker on its backend and loads the table and dataset chosen last. */
export function boot(): void {
  connectFeatures();
  const url = readUrl(location.search);
  const presetId = url.presetId ?? DEFAULT_PRESET;
  useStudio.setState({ presetId, overrides: url.overrides, backendChoice: url.backend ?? 'auto' });
  for (const p of url.problems) notify('warn', `Link: ${p}`);
  const cfg = currentConfig();
  let tableId = url.tableId ?? '';
  if (tableId && !BUNDLED_TABLES.some((t) => t.id === tableId)) {
    notify('warn', `Link: lut “${tableId}” is not a bundled table; using the default`);
    tableId = '';
  }
  tableId ||= defaultTableId(layoutOf(cfg));
  useStudio.setState({ tableId });
  const problems = checkConfig(cfg);
  if (problems.length) notify('warn', `Link: the combined config is invalid (${problems.join('; ')}); fix it in the config panel`);
  startWorker();
  send({ type: 'init', backend: useStudio.getState().backendChoice, assets: assetPaths() });
  chooseTable(tableId);
  void restoreDataset();
  syncUrl();
  void initRecovery();
}

/** A new backend restarts the worker, which then gets the active table and dataset again. */
export function setBackend(choice: BackendChoice): void {
  if (isSearchActive()) return notify('warn', 'The backend can only be changed while no search runs');
  const busy = afterSearchBusy();
  if (busy) return notify('warn', `The backend can only be changed while nothing runs: ${busy}`);
  useStudio.setState({ backendChoice: choice, backend: null });
  stopWorker();
  startWorker();
  send({ type: 'init', backend: choice, assets: assetPaths() });
  refreshTable();
  resendDataset();
  syncUrl();
}
