import { zipSync } from 'fflate';
import { parseExportConfig, writeSearchPackage } from '../../../engine/export/search-package';
import { browserSources } from '../../../engine/export/search-package/sources.browser';
import { formatIssues, searchConfigSchema, type SearchConfig } from '../../../engine/schemas';
import type { Space } from '../../../engine/space/space';
import type { DataService, TableService } from '../../../../workers/host';
import { packageStem } from '../package-name';

/** What the package is made of, as the worker holds it for a search start. */
export interface PackageHost {
  resolveSpace(config: SearchConfig): Promise<Space>;
  tables: Pick<TableService, 'hasSource' | 'readActive'>;
  data: Pick<DataService, 'name' | 'forSearch'>;
}

/**
 * The folder `fbnet export-search` writes, for the config a search would start with now, on the
 * active table and dataset (uploads included), zipped under one folder named after the run.
 */
export async function buildSearchZip(host: PackageHost, input: unknown, at: Date): Promise<{ name: string; zip: Uint8Array }> {
  const parsed = searchConfigSchema.safeParse(input);
  if (!parsed.success) throw new Error(`the config is invalid (${formatIssues(parsed.error, input).join('; ')})`);
  if (!host.tables.hasSource()) throw new Error('no latency table is active');
  const space = await host.resolveSpace(parsed.data);
  const table = await host.tables.readActive(space);
  const dataset = await host.data.forSearch(parsed.data, space, undefined, false);
  // As the CLI would read a config naming them: the dataset the search would use, the table by its name.
  const config = parseExportConfig({ ...(input as object), dataset: host.data.name, lut: parsed.data.lut ?? table.name });
  const files = writeSearchPackage({ config, space, table, dataset, sources: browserSources() });
  const stem = packageStem({ dataset: host.data.name, table: table.name, seed: config.seed, at });
  // Fixed times keep the zip a function of its contents; gzipped data is stored as is.
  const entries = Object.fromEntries(
    files.map((f) => [`${stem}/${f.path}`, [f.bytes, { mtime: new Date(Date.UTC(2020, 0, 1)), level: f.path.endsWith('.gz') ? 0 : 6 }]]),
  );
  return { name: `${stem}.zip`, zip: zipSync(entries as Parameters<typeof zipSync>[0]) };
}
