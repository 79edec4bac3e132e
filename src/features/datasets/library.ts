/**
 * Uploaded datasets kept in IndexedDB between visits: the files themselves (as Blobs, which the
 * browser stores without reading them into memory), so a later visit decodes them as an upload would.
 */
import { createStore, del, delMany, get, getMany, keys, set, setMany, type UseStore } from 'idb-keyval';

export interface SavedDataset {
  id: string;
  label: string;
  /** Total bytes of the files as uploaded. */
  bytes: number;
  files: number;
  savedAt: number;
  /** From the summary when it was saved, for the list. */
  format: string;
  numClasses: number;
}

export interface SavedFile {
  name: string;
  blob: Blob;
}

const META = 'meta:';
const FILES = 'files:';
const ACTIVE = 'active';

let store: UseStore | null = null;
const db = () => (store ??= createStore('fbnet-studio-datasets', 'datasets'));

export async function listSaved(): Promise<SavedDataset[]> {
  const ks = (await keys<string>(db())).filter((k) => k.startsWith(META));
  const metas = await getMany<SavedDataset>(ks, db());
  return metas.filter((m): m is SavedDataset => m != null).sort((a, b) => b.savedAt - a.savedAt);
}

export async function saveDataset(meta: SavedDataset, files: SavedFile[]): Promise<void> {
  await setMany(
    [
      [FILES + meta.id, files],
      [META + meta.id, meta],
    ],
    db(),
  );
}

export async function readSavedFiles(id: string): Promise<SavedFile[] | undefined> {
  return get<SavedFile[]>(FILES + id, db());
}

export async function deleteSaved(id: string): Promise<void> {
  await delMany([META + id, FILES + id], db());
  if ((await activeId()) === id) await del(ACTIVE, db());
}

/** The dataset chosen last: a saved id, or null for the bundled one. */
export async function activeId(): Promise<string | null> {
  return (await get<string>(ACTIVE, db())) ?? null;
}

export async function setActiveId(id: string | null): Promise<void> {
  if (id == null) await del(ACTIVE, db());
  else await set(ACTIVE, id, db());
}
