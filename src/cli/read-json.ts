import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { parseOrThrow } from '../engine/schemas';
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

export async function readValidated<T>(path: string, schema: z.ZodType<T>, what: string): Promise<T> {
  return parseOrThrow(schema, await readJsonFile(path), `${what} in ${path}`);
}
