import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectSources, parseExportConfig, writeSearchPackage, type PythonSource } from '../engine/export/search-package';
import type { SearchConfig } from '../engine/schemas';
import { resolveSpace } from '../engine/search';
import { parseCommand } from './args';
import { usage } from './help';
import { loadTableFile } from './lut-file';
import { loadDatasetNode, peekDatasetNode } from './node-data';
import { readJsonFile } from './read-json';
import { defaultTableId, lutRef, relativeTo } from './search';

/** Resolved from this module, so the CLI finds the sources whatever the working directory. */
export const PYTHON_DIR = fileURLToPath(new URL('../../python/fbnet_search/', import.meta.url));

export function nodeSources(): PythonSource[] {
  return collectSources((p) => readFileSync(join(PYTHON_DIR, p), 'utf8'));
}

/**
 * `export-search --config <config.json> --out <dir> [--no-data]`: the search as a PyTorch package
 * (search.py, search.json, the data subset the config uses unless --no-data).
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('export-search', argv, {
    config: { type: 'string' },
    out: { type: 'string' },
    'no-data': { type: 'boolean', default: false },
  });
  if (!values.config || !values.out) throw new Error(usage('export-search'));
  const config = parseExportConfig(await readJsonFile(values.config), `search config in ${values.config}`);
  const dataSpec = config.dataset === 'fashion-mnist' ? config.dataset : relativeTo(values.config, config.dataset);
  const space = resolveSpace(config as unknown as SearchConfig, await peekDatasetNode(dataSpec));
  const dataset = values['no-data']
    ? null
    : await loadDatasetNode(dataSpec, {
        size: space.inputSize,
        channels: space.inputChannels,
        trainSamples: config.trainSamples,
        testSamples: config.testSamples,
        seed: config.seed,
      });
  const table = await loadTableFile(config.lut ? lutRef(values.config, config.lut) : defaultTableId(space), space);
  const files = writeSearchPackage({ config: { ...config, lut: config.lut ?? table.name }, space, table, dataset, sources: nodeSources() });
  for (const f of files) {
    const path = join(values.out, f.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.bytes);
  }
  process.stderr.write(
    `wrote ${files.length} files to ${values.out}: run  torchrun --nproc_per_node=<N> ${join(values.out, 'search.py')} --out <run dir>\n`,
  );
  return 0;
}
