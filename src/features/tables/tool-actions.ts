import { notify } from '../../app/notices';
import { useStudio, useTableTools } from '../../app/store';
import { send } from '../../app/transport';
import { errorMessage } from '../../engine/errors';
import { timingsColumns } from '../../engine/lut/columns';
import { MAX_TABLE_BYTES, TableError } from '../../engine/lut/errors';
import { tableToCsv } from '../../engine/lut/export';
import { readTextCapped } from '../../shared/read-file';
import { currentConfig, isSearchActive } from '../search/current-config';
import { loadTableText } from './actions';
import type { LutMessage, MadeTable } from './protocol';
import { reduceLut } from './reduce';
import type { TimingsChoice } from './slice';

export const HELP_FILE = 'help_fbnet_cifar100_per_arch_latency.csv';
/** A phone, like the default Pixel 3 table. */
export const HELP_DEFAULT_COLUMN = 'pixel2_ms';

export interface FitSettings {
  column: string;
  holdout: number;
  seed: number;
  prior: boolean;
}

let queue: LutMessage[] = [];
let scheduled = false;

function flush(): void {
  scheduled = false;
  const batch = queue;
  queue = [];
  if (!batch.length) return;
  useTableTools.setState((s) => reduceLut(s, batch));
  // A finished measurement becomes the active table at once: that is what it was made for.
  for (const m of batch)
    if (m.type === 'measureDone' && useTableTools.getState().measure?.requestId === m.requestId) activateMade(m.made.name);
}

/** Progress arrives per timed op; it is applied at most once a frame. */
export function receiveLut(msg: LutMessage): void {
  queue.push(msg);
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(flush);
  setTimeout(flush, 250);
}

let request = 0;

/** A backend change restarts the worker: whatever it was fitting or timing is gone with it. */
export function watchBackendRestart(): void {
  useStudio.subscribe((now, before) => {
    if (now.backend !== null || before.backend === null) return;
    const { measure, fitPending } = useTableTools.getState();
    if (measure?.running)
      useTableTools.setState({
        measure: {
          ...measure,
          running: false,
          ended: {
            cancelled: true,
            message: 'the backend changed, which restarted the worker; the measurement stopped and nothing was kept',
          },
        },
      });
    if (fitPending)
      useTableTools.setState({
        fitPending: false,
        fitFailure: { message: 'the backend changed, which restarted the worker; fit again', issues: [] },
      });
  });
}

function chooseTimings(t: TimingsChoice, column: string | undefined, rest: Omit<FitSettings, 'column'>): string | null {
  useTableTools.setState({ timings: t, fit: null, fitFailure: null });
  const col = column && t.columns.includes(column) ? column : t.columns[0];
  if (!col) {
    useTableTools.setState({ fitFailure: { message: `${t.name} has no latency column next to the architectures`, issues: [] } });
    return null;
  }
  runFit({ ...rest, column: col });
  return col;
}

function readColumns(name: string, text: string): string[] | null {
  try {
    return timingsColumns(text);
  } catch (err) {
    const issues = err instanceof TableError ? err.issues : [];
    useTableTools.setState({ timings: null, fit: null, fitFailure: { message: `${name}: ${errorMessage(err)}`, issues } });
    return null;
  }
}

/** Reads an uploaded timings file and fits to its first latency column; returns the column used. */
export async function uploadTimings(file: File, rest: Omit<FitSettings, 'column'>): Promise<string | null> {
  let text: string;
  try {
    text = await readTextCapped(file, MAX_TABLE_BYTES, 'a timings file');
  } catch (err) {
    notify('error', errorMessage(err));
    return null;
  }
  const columns = readColumns(file.name, text);
  return columns && chooseTimings({ name: file.name, text, columns, smallLayout: false }, undefined, rest);
}

/** HELP's 5000 architectures, timed as whole networks of the 32×32 small layout. */
export async function tryHelp(rest: Omit<FitSettings, 'column'>): Promise<string | null> {
  const url = new URL(`${import.meta.env.BASE_URL}data/help/${HELP_FILE}`, location.href).href;
  let text: string;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    text = await res.text();
  } catch (err) {
    useTableTools.setState({ fitFailure: { message: `could not fetch ${HELP_FILE}: ${errorMessage(err)}`, issues: [] } });
    return null;
  }
  const columns = readColumns(HELP_FILE, text);
  return columns && chooseTimings({ name: `HELP ${HELP_FILE}`, text, columns, smallLayout: true }, HELP_DEFAULT_COLUMN, rest);
}

/** The fit runs in the worker; the answer to the newest request wins. */
export function runFit(settings: FitSettings): void {
  const t = useTableTools.getState().timings;
  if (!t) return;
  request += 1;
  useTableTools.setState({ fitRequest: request, fitPending: true, fitFailure: null });
  send({
    type: 'fitTable',
    requestId: request,
    timings: { name: t.name, text: t.text, smallLayout: t.smallLayout },
    column: settings.column,
    holdout: settings.holdout,
    seed: settings.seed,
    prior: settings.prior,
    config: currentConfig(),
  });
}

/** Refused (not queued) while a search runs: both would time the same backend and skew each other. */
export function measureBrowser(repeats: number, warmup: number): void {
  if (isSearchActive()) return notify('warn', 'Measuring is refused while a search runs; stop the search first');
  if (useTableTools.getState().measure?.running) return;
  request += 1;
  useTableTools.setState({
    measure: { requestId: request, running: true, done: 0, total: 0, what: 'starting', ended: null, finished: null },
  });
  send({ type: 'measureTable', requestId: request, repeats, warmup, config: currentConfig() });
}

export function cancelMeasure(): void {
  if (useTableTools.getState().measure?.running) send({ type: 'cancelMeasure' });
}

export function findMade(name: string): MadeTable | undefined {
  return useTableTools.getState().made.find((m) => m.name === name);
}

/** Makes a fitted or measured table the active one (during a run too, like an upload). */
export function activateMade(name: string): void {
  const made = findMade(name);
  if (made) loadTableText(made.name, made.csv);
}

/** The active table as long-format CSV (ms and µs), mapped onto the space it is active for. */
export function activeTableCsv(): { name: string; csv: string } | null {
  const t = useStudio.getState().table;
  if (!t) return null;
  return { name: t.table.name.replace(/\.csv$/i, ''), csv: tableToCsv(t.table, t.space) };
}
