/**
 * JSON Schemas of the public formats, made from the zod schemas that validate them, so the two
 * cannot drift apart. They describe what a file may hold as written (defaults make keys optional).
 */
import { z } from 'zod';
import { checkpointSchema } from './search/checkpoint';
import { archSchema, searchConfigSchema, searchResultSchema } from './schemas';

const FORMATS = {
  'arch.schema.json': { schema: archSchema, title: 'FBNet Studio architecture (fbnet-studio/arch@1)' },
  'search-result.schema.json': { schema: searchResultSchema, title: 'FBNet Studio search result (fbnet-studio/search-result@1)' },
  'checkpoint.schema.json': { schema: checkpointSchema, title: 'FBNet Studio search checkpoint (fbnet-studio/checkpoint@1)' },
  'search-config.schema.json': { schema: searchConfigSchema, title: 'FBNet Studio search config (CLI --config, studio config import)' },
} as const;

/** File name → the JSON text written under docs/schemas/. */
export function jsonSchemaFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, { schema, title }] of Object.entries(FORMATS)) {
    const json = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' });
    out[file] = `${JSON.stringify({ ...json, title }, null, 2)}\n`;
  }
  return out;
}
