/** The search config as the exported package reads it: the engine's own, validated by its schema. */
import { parseOrThrow, searchConfigSchema, type SearchConfig } from '../../schemas';

export type ExportConfig = SearchConfig;

export function parseExportConfig(raw: unknown, what = 'search config'): ExportConfig {
  return parseOrThrow(searchConfigSchema, raw, what);
}
