import type { ControlKey } from '../../engine/events';
import { BUNDLED_TABLES } from '../../engine/lut/bundled';
import { searchConfigSchema, type SearchConfigInput } from '../../engine/schemas';
import type { BackendChoice, TableSource } from '../../app/protocol';
import { send, startWorker, stopWorker } from '../../app/transport';
import { resendDataset, restoreDataset } from '../datasets/actions';
import { afterSearchBusy } from '../after-search/actions';
import { checkConfig, checkField, DEFAULT_PRESET, effectiveConfig, fieldByKey, presetById, type FieldKey } from './config';
import { initialRunState, notify, useStudio } from './slice';
import { readUrl, writeUrl } from '../../app/url';
import { readTextCapped } from '../../shared/read-file';
import { MAX_TABLE_BYTES } from '../../engine/lut/errors';
import { searchActive } from './selectors';

// Absolute, because the worker resolves relative URLs against its own script, not the page.
const served = (dir: string) => new URL(`${import.meta.env.BASE_URL}${dir}/`, location.href).href;
const assets = () => ({ wasm: served('tfjs-wasm'), data: served('data'), luts: served('luts') });

export const currentConfig = (): SearchConfigInput => {
  const s = useStudio.getState();
  return effectiveConfig(s.presetId, s.overrides);
};

const layoutOf = (cfg: SearchConfigInput) => (typeof cfg.space === 'string' ? cfg.space : 'small');

/** The bundled Pixel 3 table for the layout, else the first bundled table for it. */
export function defaultTableId(layout: string): string {
  const forLayout = BUNDLED_TABLES.filter((t) => t.layout === layout);
  return (forLayout.find((t) => /pixel\s*3/i.test(t.device)) ?? forLayout[0] ?? BUNDLED_TABLES[0])?.id ?? '';
}

function syncUrl(): void {
  const s = useStudio.getState();
  const url = writeUrl({ presetId: s.presetId, overrides: s.overrides, tableId: s.table?.source === 'csv' ? '' : s.tableId, backend: s.backendChoice });
  history.replaceState(null, '', url);
}

const isActive = () => searchActive(useStudio.getState().status);

let tableRequest = 0;

function requestTable(source: TableSource): void {
  tableRequest += 1;
  if (source.kind === 'bundled') useStudio.setState({ pendingTableId: source.id });
  send({ type: 'loadTable', requestId: tableRequest, source, config: currentConfig() });
}

export function boot(): void {
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
  send({ type: 'init', backend: useStudio.getState().backendChoice, assets: assets() });
  requestTable({ kind: 'bundled', id: tableId });
  void restoreDataset();
  syncUrl();
}

export function setBackend(choice: BackendChoice): void {
  if (isActive()) return notify('warn', 'The backend can only be changed while no search runs');
  const busy = afterSearchBusy();
  if (busy) return notify('warn', `The backend can only be changed while nothing runs: ${busy}`);
  useStudio.setState({ backendChoice: choice, backend: null });
  stopWorker();
  startWorker();
  send({ type: 'init', backend: choice, assets: assets() });
  const s = useStudio.getState();
  requestTable(s.table?.source === 'csv' && lastCsv ? lastCsv : { kind: 'bundled', id: s.tableId });
  resendDataset();
  syncUrl();
}

const SPACE_KEYS: FieldKey[] = ['space', 'inputSize', 'widthMultiplier', 'headChannels'];

export function setPreset(id: string): void {
  if (!presetById(id)) return notify('warn', `Unknown preset “${id}”`);
  const before = layoutOf(currentConfig());
  useStudio.setState({ presetId: id, overrides: {} });
  afterConfigChange(before, true);
}

/** Validates one config field; returns the refusal message, or null when applied. */
export function setField(key: FieldKey, text: string): string | null {
  const def = fieldByKey(key);
  const r = checkField(def, text);
  if (!r.ok) {
    notify('warn', `Refused: ${r.message}`);
    return r.message;
  }
  const before = layoutOf(currentConfig());
  useStudio.setState((s) => ({ overrides: { ...s.overrides, [key]: r.value } }));
  afterConfigChange(before, SPACE_KEYS.includes(key));
  return null;
}

export function resetField(key: FieldKey): void {
  const before = layoutOf(currentConfig());
  useStudio.setState((s) => {
    const o: Record<string, unknown> = { ...s.overrides };
    delete o[key];
    return { overrides: o as Partial<SearchConfigInput> };
  });
  afterConfigChange(before, SPACE_KEYS.includes(key));
}

function afterConfigChange(layoutBefore: string, spaceChanged: boolean): void {
  syncUrl();
  if (!spaceChanged || isActive()) return;
  const layout = layoutOf(currentConfig());
  const s = useStudio.getState();
  if (layout !== layoutBefore && s.table?.source !== 'csv') {
    const t = BUNDLED_TABLES.find((b) => b.id === s.tableId);
    if (!t || t.layout !== layout) useStudio.setState({ tableId: defaultTableId(layout) });
  }
  const now = useStudio.getState();
  // A re-parse against the new space shows which cells still match it.
  if (now.table?.source === 'csv') return;
  requestTable({ kind: 'bundled', id: now.tableId });
}

/** Re-parses the active table against the space as it is now (after a dataset change). */
export function refreshTable(): void {
  const s = useStudio.getState();
  requestTable(s.table?.source === 'csv' && lastCsv ? lastCsv : { kind: 'bundled', id: s.tableId });
}

export function chooseTable(id: string): void {
  requestTable({ kind: 'bundled', id });
}

/** Kept so a restarted worker (new backend) gets the uploaded table back. */
let lastCsv: TableSource | null = null;

export async function uploadTable(file: File): Promise<void> {
  let text: string;
  try {
    text = await readTextCapped(file, MAX_TABLE_BYTES, 'a latency table');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    useStudio.setState({ tableFailure: { name: file.name, message, issues: [] } });
    return notify('error', message);
  }
  loadTableText(file.name, text);
}

/** A table as CSV text (an upload, or one fitted or measured here); kept like an upload. */
export function loadTableText(name: string, text: string): void {
  lastCsv = { kind: 'csv', name, text };
  requestTable(lastCsv);
}

export function startSearch(): void {
  const cfg = currentConfig();
  const problems = checkConfig(cfg);
  if (problems.length) {
    notify('warn', `Cannot start: ${problems.join('; ')}`);
    return;
  }
  const busy = afterSearchBusy();
  if (busy) return notify('warn', `Cannot start the search: ${busy}`);
  useStudio.setState({ ...initialRunState, status: 'loading', statusMessage: 'starting' });
  send({ type: 'start', config: cfg });
}

export const pauseSearch = () => send({ type: 'pause' });
export const resumeSearch = () => send({ type: 'resume' });
export const stepSearch = () => send({ type: 'step' });
export const stopSearch = () => send({ type: 'stop' });

const CONTROL_FIELD: Record<'alpha' | 'beta' | 'tau', FieldKey> = { alpha: 'alpha', beta: 'beta', tau: 'tau0' };

/**
 * A slider or its number box. Before a run it edits the config; during a run it becomes a live
 * control the trainer applies at its next step. Returns the refusal message, or null.
 */
export function setControl(key: ControlKey, value: number | null): string | null {
  if (!isActive()) {
    if (value == null) return null;
    const field = key === 'alpha' || key === 'beta' || key === 'tau' ? CONTROL_FIELD[key] : (key as FieldKey);
    return setField(field, String(value));
  }
  if (value != null) {
    const schemaKey = key === 'tau' ? 'tau0' : key;
    const r = searchConfigSchema.shape[schemaKey].safeParse(value);
    if (!r.success || !Number.isFinite(value)) {
      const msg = `${key === 'tau' ? 'τ' : key === 'alpha' ? 'α' : key === 'beta' ? 'β' : key} = ${value} is out of range (${r.error?.issues[0]?.message ?? 'not a number'})`;
      notify('warn', `Refused: ${msg}`);
      return msg;
    }
  }
  send({ type: 'control', key, value });
  return null;
}

export function setScrub(step: number | null): void {
  useStudio.setState({ scrubStep: step });
}
