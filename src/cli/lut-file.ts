import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { LatencyTable } from '../engine/lut/latency';
import { findBundled, parseBundled } from '../engine/lut/bundled';
import { MAX_TABLE_BYTES, TableError } from '../engine/lut/errors';
import { parseLatencyTable, type ParsedTable } from '../engine/lut/parse';
import { archSchema, parseOrThrow, spaceSchema } from '../engine/schemas';
import { LAYOUT_NAMES, makeSpace, type LayoutName, type Space } from '../engine/space/space';
import { readJsonFile } from './read-json';

export const BUNDLED_DIR = fileURLToPath(new URL('../../public/luts/', import.meta.url));

/** Reads a text file, refusing oversized ones before reading them into memory. */
export async function readTableText(path: string): Promise<string> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (size > MAX_TABLE_BYTES) {
    throw new TableError([{ message: `${path} is ${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_TABLE_BYTES / 1048576} MB` }]);
  }
  return readFile(path, 'utf8');
}

/** A table file path, or a bundled table id such as "pixel3-small" when no such file exists. */
export async function parseTableFile(path: string, space: Space): Promise<ParsedTable> {
  const bundled = !existsSync(path) ? findBundled(path) : undefined;
  if (bundled) return parseBundled(bundled, await readTableText(BUNDLED_DIR + bundled.file), space);
  const text = await readTableText(path);
  try {
    return parseLatencyTable(text, space, { name: path.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, ''), source: path });
  } catch (err) {
    if (err instanceof TableError) err.message = err.message.replace(/^invalid latency table/, `invalid latency table ${path}`);
    throw err;
  }
}

export async function loadTableFile(path: string, space: Space): Promise<LatencyTable> {
  return (await parseTableFile(path, space)).table;
}

/** `--space` as a layout name, an arch JSON (its space) or a space JSON. */
export async function resolveSpace(arg: string): Promise<Space> {
  if ((LAYOUT_NAMES as string[]).includes(arg)) return makeSpace(arg as LayoutName);
  const json = await readJsonFile(arg);
  if (json && typeof json === 'object' && 'format' in json) return parseOrThrow(archSchema, json, `arch in ${arg}`).space;
  return parseOrThrow(spaceSchema, json, `space in ${arg}`);
}

export async function writeText(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (err) {
    throw new Error(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
