import { archSchema, parseOrThrow, spaceSchema } from '../engine/schemas';
import { LAYOUT_NAMES, makeSpace, type LayoutName, type Space } from '../engine/space';
import { readJsonFile } from './read-json';

/** A --space argument: a layout name, an arch JSON (its space) or a space JSON. */
export async function resolveSpace(arg: string): Promise<Space> {
  if ((LAYOUT_NAMES as string[]).includes(arg)) return makeSpace(arg as LayoutName);
  const json = await readJsonFile(arg);
  if (json && typeof json === 'object' && 'format' in json) return parseOrThrow(archSchema, json, `arch in ${arg}`).space;
  return parseOrThrow(spaceSchema, json, `space in ${arg}`);
}
