import { notify } from '../../app/notices';
import { useDatasets } from '../../app/store';
import { send } from '../../app/transport';
import { FASHION_MNIST_SHAPE } from '../../engine/data/fashion';
import { errorMessage } from '../../engine/errors';
import { currentConfig, isSearchActive } from '../search/current-config';
import { refreshTable } from '../tables/actions';
import { activeId, deleteSaved, listSaved, readSavedFiles, saveDataset, setActiveId, type SavedFile } from './library';
import type { DatasetFile, DatasetSource, DatasetSummary } from './protocol';
import { onDatasetSettled } from './receive';

let lastRequest = 0;
/** What the worker holds, so a restarted worker (new backend) gets the same dataset back. */
let current: { id: string | null; label: string; files: SavedFile[] | null } = { id: null, label: 'fashion-mnist', files: null };

const runActive = isSearchActive;

function storageFailed(err: unknown): void {
  const message = `saved datasets are unavailable: ${errorMessage(err)}`;
  useDatasets.setState({ storageProblem: message });
}

async function refreshSaved(): Promise<void> {
  try {
    useDatasets.setState({ saved: await listSaved() });
  } catch (err) {
    storageFailed(err);
  }
}

/** Sends one load; the worker keeps its previous dataset unless this one decodes. */
async function load(
  label: string,
  files: SavedFile[] | null,
  id: string | null,
  onLoaded: (s: DatasetSummary) => Promise<void>,
): Promise<void> {
  if (runActive()) return notify('warn', 'The dataset can only be changed while no search runs');
  const requestId = ++lastRequest;
  useDatasets.setState({
    loading: { requestId, label, fraction: 0, what: files ? `reading ${files.length} file${files.length === 1 ? '' : 's'}` : 'reading' },
    failure: null,
  });
  let source: DatasetSource = { kind: 'bundled' };
  if (files) {
    const read: DatasetFile[] = [];
    try {
      for (const f of files) read.push({ name: f.name, bytes: await f.blob.arrayBuffer() });
    } catch (err) {
      if (requestId !== lastRequest) return;
      useDatasets.setState({ loading: null, failure: { name: label, message: `could not read the files: ${errorMessage(err)}` } });
      return;
    }
    if (requestId !== lastRequest) return;
    source = { kind: 'files', id: id!, label, files: read };
  }
  // Before any dataset answered, the worker parsed the table against the bundled data's space.
  const before = useDatasets.getState().active?.native ?? FASHION_MNIST_SHAPE;
  onDatasetSettled(requestId, (m) => {
    if (m.type !== 'dataset') return;
    current = { id, label, files };
    void onLoaded(m.summary).then(refreshSaved);
    // The table view shows the space it was parsed against; a start re-parses it in any case.
    const now = m.summary.native;
    if (before.channels !== now.channels || before.numClasses !== now.numClasses) refreshTable();
  });
  const transfer = source.kind === 'files' ? source.files.map((f) => f.bytes) : [];
  send({ type: 'loadDataset', requestId, source, config: currentConfig() }, transfer);
}

const pathOf = (f: File) => f.webkitRelativePath || f.name;

/** A folder pick is named after the folder; a single file after itself. */
function labelFor(files: File[]): string {
  if (files.length === 1) return files[0].name;
  const tops = new Set(files.map((f) => pathOf(f).split('/')[0]));
  if (tops.size === 1 && files.every((f) => pathOf(f).includes('/'))) return [...tops][0];
  return `${files[0].name} + ${files.length - 1} more`;
}

export function uploadDataset(picked: File[]): void {
  if (!picked.length) return;
  const label = labelFor(picked);
  const bytes = picked.reduce((s, f) => s + f.size, 0);
  const id = `${label}:${picked.length}:${bytes}`;
  const files = picked.map((f) => ({ name: pathOf(f), blob: f as Blob }));
  void load(label, files, id, async (summary) => {
    try {
      await saveDataset(
        {
          id,
          label: summary.name,
          bytes,
          files: files.length,
          savedAt: Date.now(),
          format: summary.format,
          numClasses: summary.native.numClasses,
        },
        files,
      );
      await setActiveId(id);
    } catch (err) {
      storageFailed(err);
    }
  });
}

export function chooseBundled(): void {
  void load('fashion-mnist', null, null, async () => {
    await setActiveId(null).catch(storageFailed);
  });
}

export async function chooseSaved(id: string): Promise<void> {
  const meta = useDatasets.getState().saved.find((s) => s.id === id);
  let files: SavedFile[] | undefined;
  try {
    files = await readSavedFiles(id);
  } catch (err) {
    storageFailed(err);
  }
  if (!files) {
    useDatasets.setState({
      failure: { name: meta?.label ?? id, message: 'the saved files are gone from this browser’s storage; upload them again' },
    });
    return;
  }
  await load(meta?.label ?? id, files, id, async () => {
    await setActiveId(id).catch(storageFailed);
  });
}

export async function removeSaved(id: string): Promise<void> {
  try {
    await deleteSaved(id);
  } catch (err) {
    storageFailed(err);
  }
  await refreshSaved();
  if (current.id === id && !runActive()) chooseBundled();
}

/** On boot: list what is saved and bring back the dataset chosen last (else the bundled one, for its preview). */
export async function restoreDataset(): Promise<void> {
  await refreshSaved();
  let id: string | null = null;
  try {
    id = await activeId();
  } catch (err) {
    storageFailed(err);
  }
  if (id && useDatasets.getState().saved.some((s) => s.id === id)) return chooseSaved(id);
  chooseBundled();
}

/** After the worker restarts it holds only the bundled data: send the chosen dataset again. */
export function resendDataset(): void {
  const { id, label, files } = current;
  if (files) void load(label, files, id, async () => {});
  else chooseBundled();
}
