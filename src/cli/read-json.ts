import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { errorMessage } from '../engine/errors';

export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new Error(`${path} is not valid JSON: ${errorMessage(err)}`);
  }
}

/** An architecture JSON without a name is named after its file ("my-net.json" → "my-net"). */
export function nameFromFile(doc: unknown, path: string): unknown {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || 'name' in doc) return doc;
  return { ...doc, name: basename(path).replace(/\.[^.]+$/, '') };
}
