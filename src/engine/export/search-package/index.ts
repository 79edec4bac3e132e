/**
 * The "run at scale" package: search.py and its modules, search.json (config, space, the active
 * latency table) and, unless the data is given by path at run time, the exact training and test
 * images the engine would search on. Pure: files come back as {path, bytes} for the CLI to write
 * and the studio to zip.
 */
import { strToU8 } from 'fflate';
import { BLOCK_NAMES } from '../../space/blocks';
import type { Dataset } from '../../data/dataset';
import { denseTable, type LatencyTable } from '../../lut/latency';
import { resolveTargetMs } from '../../search/target';
import { allowedMask, numLayers, type Space } from '../../space/space';
import type { ExportConfig } from './config';
import { splitFiles } from './idx';
import { PYTHON_FILES, type PythonSource } from './sources';

export { parseExportConfig, type ExportConfig } from './config';
export { PYTHON_FILES, collectSources, type PythonSource } from './sources';

export const SEARCH_PACKAGE_FORMAT = 'fbnet-studio/pytorch-search@1';

export interface PackageFile {
  path: string;
  bytes: Uint8Array;
}

export interface SearchPackageInput {
  config: ExportConfig;
  space: Space;
  table: LatencyTable;
  /** The loaded data (normalised as the engine normalises it) to bundle; null: the run gives --data. */
  dataset: (Dataset & { normalization: { mean: number[]; std: number[] } }) | null;
  sources: PythonSource[];
}

function checkTable(table: LatencyTable, space: Space): void {
  const mask = allowedMask(space);
  if (table.layers.length !== numLayers(space))
    throw new Error(`latency table "${table.name}" has ${table.layers.length} layers, the space has ${numLayers(space)}`);
  mask.forEach((row, l) =>
    row.forEach((ok, b) => {
      const v = table.layers[l]?.[b];
      if (ok && (v == null || !Number.isFinite(v) || v < 0))
        throw new Error(
          `latency table "${table.name}" has no valid entry for layer ${l + 1}, block ${BLOCK_NAMES[b]}, which the space allows`,
        );
    }),
  );
}

const README = (bundled: boolean) => `# An FBNet search for PyTorch

Exported from FBNet Studio. The same search as in the studio: its space, blocks, Gumbel-softmax,
temperature schedule, loss, latency table (search.json), w/θ alternation and optimisers.
${bundled ? 'The training and test images the studio would use are in data/.' : 'Give the data with --data <folder> (IDX files or CIFAR binaries).'}

    python3 search.py --out run                          # one process
    torchrun --nproc_per_node=8 search.py --out run      # eight GPUs (DDP, NCCL)
    torchrun --nproc_per_node=2 search.py --out run      # CPU: gloo
    python3 search.py --out run --resume                 # continue from run/checkpoint.pt

Options: --amp (bfloat16 on GPU), --sync-bn (batch statistics over all processes), --checkpoint-every N,
--data <folder>, --device cpu|cuda. The batch size in search.json is the global batch: each of N
processes takes batchSize/N images.

With Debian 12's torch 1.13 on Python 3.11, torchrun needs \`--redirects 9:1 --tee 9:1\` (its default
redirect setting fails to parse there).

run/events.jsonl grows by one line per step; run/result.json is written at the end. Open the run
folder in the studio to watch the run or import its result.
`;

export function writeSearchPackage(input: SearchPackageInput): PackageFile[] {
  const { config, space, table, dataset } = input;
  checkTable(table, space);
  const have = new Map(input.sources.map((s) => [s.path, s.text]));
  const missing = PYTHON_FILES.filter((p) => !have.has(p));
  if (missing.length) throw new Error(`search package: missing Python sources ${missing.join(', ')}`);
  if (
    dataset &&
    (dataset.size !== space.inputSize || dataset.channels !== space.inputChannels || dataset.numClasses !== space.numClasses)
  ) {
    throw new Error(
      `dataset "${dataset.name}" is ${dataset.size}×${dataset.size}×${dataset.channels} with ${dataset.numClasses} classes, the space expects ${space.inputSize}×${space.inputSize}×${space.inputChannels} with ${space.numClasses}`,
    );
  }
  const data = dataset
    ? {
        bundled: true,
        folder: 'data',
        name: dataset.name,
        normalization: dataset.normalization,
        train: dataset.train.n,
        test: dataset.test.n,
      }
    : { bundled: false, name: config.dataset };
  // The target form's T is written out, resolved as the engine resolves it, so Python needs no rule of its own.
  const targetMs =
    config.lossForm === 'target' ? resolveTargetMs(config.targetMs, denseTable(table), allowedMask(space), table.fixedMs) : config.targetMs;
  const doc = {
    format: SEARCH_PACKAGE_FORMAT,
    config: { ...config, ...(targetMs !== undefined ? { targetMs } : {}) },
    space,
    table: { name: table.name, layers: table.layers, fixedMs: table.fixedMs, ...(table.source ? { source: table.source } : {}) },
    data,
  };
  const files: PackageFile[] = PYTHON_FILES.map((path) => ({ path, bytes: strToU8(have.get(path)!) }));
  files.push({ path: 'search.json', bytes: strToU8(`${JSON.stringify(doc, null, 1)}\n`) });
  files.push({ path: 'README.md', bytes: strToU8(README(!!dataset)) });
  if (dataset) {
    const { size, channels, normalization } = dataset;
    files.push(
      ...splitFiles('train', dataset.train, size, channels, normalization),
      ...splitFiles('test', dataset.test, size, channels, normalization),
    );
  }
  return files;
}
