import { notify } from '../../app/notices';
import type { TableSource } from '../../app/protocol';
import { useStudio } from '../../app/store';
import { send } from '../../app/transport';
import { errorMessage } from '../../engine/errors';
import { BUNDLED_TABLES } from '../../engine/lut/bundled';
import { MAX_TABLE_BYTES } from '../../engine/lut/errors';
import { readTextCapped } from '../../shared/read-file';
import { currentConfig, isSearchActive, layoutOf } from '../search/current-config';

/** The bundled Pixel 3 table for the layout, else the first bundled table for it. */
export function defaultTableId(layout: string): string {
  const forLayout = BUNDLED_TABLES.filter((t) => t.layout === layout);
  return (forLayout.find((t) => /pixel\s*3/i.test(t.device)) ?? forLayout[0] ?? BUNDLED_TABLES[0])?.id ?? '';
}

let tableRequest = 0;

export function requestTable(source: TableSource): void {
  tableRequest += 1;
  if (source.kind === 'bundled') useStudio.setState({ pendingTableId: source.id });
  send({ type: 'loadTable', requestId: tableRequest, source, config: currentConfig() });
}

/** Kept so a restarted worker (new backend) gets the uploaded table back. */
let lastCsv: TableSource | null = null;

/** Re-parses the active table against the space as it is now (after a dataset change, or in a restarted worker). */
export function refreshTable(): void {
  const s = useStudio.getState();
  requestTable(s.table?.source === 'csv' && lastCsv ? lastCsv : { kind: 'bundled', id: s.tableId });
}

export function chooseTable(id: string): void {
  requestTable({ kind: 'bundled', id });
}

/** After a config change that may change the space: a bundled table follows the layout and is re-parsed. */
export function followLayout(layoutBefore: string): void {
  if (isSearchActive()) return;
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

export async function uploadTable(file: File): Promise<void> {
  let text: string;
  try {
    text = await readTextCapped(file, MAX_TABLE_BYTES, 'a latency table');
  } catch (err) {
    const message = errorMessage(err);
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
