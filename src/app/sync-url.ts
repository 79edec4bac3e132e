import { useStudio } from './store';
import { writeUrl } from './url';

/** Mirrors the user's choices (preset, overrides, bundled table, backend) in the address bar. */
export function syncUrl(): void {
  const s = useStudio.getState();
  const url = writeUrl({
    presetId: s.presetId,
    overrides: s.overrides,
    tableId: s.table?.source === 'csv' ? '' : s.tableId,
    backend: s.backendChoice,
  });
  history.replaceState(null, '', url);
}
