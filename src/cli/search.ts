import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { initBackend } from '../engine/runtime/backend';
import { explainBackendError } from '../engine/runtime/backend-errors';
import { withMicroBatch } from '../engine/search/memory';
import type { SearchEvent } from '../engine/search/events';
import { searchConfigSchema, parseOrThrow, type SearchConfig } from '../engine/schemas';
import { presetById } from '../engine/search/presets';
import { resolveSpace, RunDriver, Search } from '../engine/search';
import { parseCommand, backendArg } from './args';
import { formatEvent } from './format-event';
import { usage } from './help';
import { loadTableFile } from './lut-file';
import { loadDatasetNode, peekDatasetNode } from './node-data';
import { readJsonFile } from './read-json';

/**
 * `search --preset <id> | --config <config.json> --out <dir>`: one progress line per step, then
 * <dir>/result.json. A preset runs exactly as the studio runs it; a config given with it overrides
 * the preset's keys.
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('search', argv, {
    config: { type: 'string' },
    preset: { type: 'string' },
    out: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    json: { type: 'boolean', default: false },
  });
  if ((!values.config && !values.preset) || !values.out) throw new Error(usage('search'));
  const backend = backendArg('search', values.backend);
  const configPath = values.config ?? '.';
  const base = values.preset ? presetById(values.preset).config : {};
  const given = values.config ? ((await readJsonFile(values.config)) as Record<string, unknown>) : {};
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw new Error(`search: ${values.config} must hold a JSON object`);
  const where = [values.preset && `preset "${values.preset}"`, values.config].filter(Boolean).join(' with ');
  const config = parseOrThrow(searchConfigSchema, { ...base, ...given }, `search config (${where})`);
  if (!(await initBackend(backend))) throw new Error(`search: the ${backend} backend failed to start`);

  const dataSpec = config.dataset === 'fashion-mnist' ? config.dataset : relativeTo(configPath, config.dataset);
  const space = resolveSpace(config, await peekDatasetNode(dataSpec));
  const dataset = await loadDatasetNode(dataSpec, {
    size: space.inputSize,
    channels: space.inputChannels,
    trainSamples: config.trainSamples,
    testSamples: config.testSamples,
    seed: config.seed,
  });
  const table = await loadTableFile(config.lut ? lutRef(configPath, config.lut) : defaultTableId(space), space);

  const runConfig = withMicroBatch(config, space, backend);
  if (runConfig.microBatch) {
    process.stderr.write(
      `each batch of ${config.batchSize} runs as micro-batches of ${runConfig.microBatch} to fit the ${backend} backend's memory\n`,
    );
  }
  const search = await Search.create({ config: runConfig, dataset, table, space });
  const print = (e: SearchEvent) => {
    const line = values.json ? JSON.stringify(stripBulk(e)) : formatEvent(e, search.totalSteps);
    if (line) process.stdout.write(`${line}\n`);
  };
  try {
    try {
      await new RunDriver(search, { onEvents: (es) => es.forEach(print) }).run();
    } catch (err) {
      throw new Error(explainBackendError(err, backend));
    }
    if (search.status === 'paused') process.stderr.write('search paused (diverged); writing the state reached so far\n');
    const result = await search.result();
    await mkdir(values.out, { recursive: true });
    const file = join(values.out, 'result.json');
    await writeFile(file, `${JSON.stringify({ ...result, config: withTable(config, table.name) }, null, 1)}\n`);
    process.stderr.write(`wrote ${file}\n`);
    return search.status === 'done' ? 0 : 1;
  } finally {
    search.dispose();
  }
}

/** Paths in a config resolve against the config file's folder, falling back to the working directory. */
export function relativeTo(configPath: string, p: string): string {
  if (isAbsolute(p)) return p;
  const beside = resolve(dirname(configPath), p);
  return existsSync(beside) || !existsSync(p) ? beside : resolve(p);
}

/** A table path, or a bundled table id such as "pixel3-small". */
export function lutRef(configPath: string, lut: string): string {
  const p = relativeTo(configPath, lut);
  return existsSync(p) ? p : lut;
}

/** The Pixel 3 table of the layout closest to the space's input size. */
export function defaultTableId(space: { inputSize: number }): string {
  return space.inputSize >= 128 ? 'pixel3-imagenet' : 'pixel3-small';
}

function withTable(config: SearchConfig, tableName: string): Record<string, unknown> {
  return { ...config, lut: config.lut ?? tableName };
}

/** The per-step probabilities are in result.json; keep JSON progress lines short. */
function stripBulk(e: SearchEvent): unknown {
  if (e.type === 'step') {
    const { probabilities: _p, ...rest } = e;
    return rest;
  }
  if (e.type === 'done') return { type: 'done', step: e.step, stopped: e.stopped };
  return e;
}
