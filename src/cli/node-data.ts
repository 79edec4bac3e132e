/** Node's side of dataset loading: the bundled files under public/data and user paths on disk. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  loadDatasetFiles,
  loadFashionMnist,
  peekDataset,
  type DataSource,
  type FileEntry,
  type LoadedDataset,
  type LoadOptions,
  type NativeShape,
} from '../engine/data';

/** Resolved from this module, so the CLI finds the bundled data whatever the working directory. */
export const BUNDLED_DATA_DIR = fileURLToPath(new URL('../../public/data/', import.meta.url));

const asBytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function folderSource(dir: string): DataSource {
  return {
    read: async (name) => asBytes(await readFile(join(dir, name))),
    list: async (prefix) => (await walk(join(dir, prefix), dir)).filter((f) => !f.endsWith('/')),
  };
}

/** Paths relative to `root` with '/' separators; empty folders appear as 'name/' so the loader can report them. */
async function walk(dir: string, root: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const rel = relative(root, dir).split(sep).join('/');
  if (entries.length === 0 && rel) out.push(`${rel}/`);
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p, root)));
    else if (e.isFile()) out.push(relative(root, p).split(sep).join('/'));
  }
  return out;
}

/** A file becomes one entry; a folder becomes all its files, named under the folder's own name. */
export async function readPathEntries(path: string): Promise<FileEntry[]> {
  const abs = resolve(path);
  const info = await stat(abs).catch(() => {
    throw new Error(`dataset path not found: ${path}`);
  });
  if (!info.isDirectory()) return [{ name: basename(abs), bytes: asBytes(await readFile(abs)) }];
  const root = resolve(abs, '..');
  const names = await walk(abs, root);
  return Promise.all(
    names.map(async (name) => ({ name, bytes: name.endsWith('/') ? new Uint8Array(0) : asBytes(await readFile(join(root, name))) })),
  );
}

/** 'fashion-mnist' is the bundled subset; anything else is a path to a file, folder or archive, detected by content. */
export async function loadDatasetNode(spec: string, opts: LoadOptions): Promise<LoadedDataset> {
  if (spec === 'fashion-mnist') return loadFashionMnist(folderSource(BUNDLED_DATA_DIR), opts);
  return loadDatasetFiles(await readPathEntries(spec), opts);
}

export async function peekDatasetNode(spec: string): Promise<NativeShape> {
  return peekDataset(spec === 'fashion-mnist' ? 'fashion-mnist' : await readPathEntries(spec));
}
