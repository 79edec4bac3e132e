/**
 * The studio's "Run at scale (PyTorch)" zip: built in the worker from the active table and dataset,
 * it holds exactly the folder `fbnet export-search` writes for the same config, under one folder
 * named after the run.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { run as exportSearch } from '../src/cli/export-search';
import { BUNDLED_DIR } from '../src/cli/lut-file';
import { BUNDLED_DATA_DIR, folderSource } from '../src/cli/node-data';
import { findBundled, parseBundled } from '../src/engine/lut/bundled';
import { parseLatencyTable } from '../src/engine/lut/parse';
import { finishDataset, peekDataset, readFashionMnist } from '../src/engine/data';
import type { SearchConfig, SearchConfigInput } from '../src/engine/schemas';
import { resolveSpace } from '../src/engine/search';
import type { Space } from '../src/engine/space/space';
import { PYTHON_FILES } from '../src/engine/export/search-package';
import { buildSearchZip, type PackageHost } from '../src/features/scale-out/worker/search-zip';
import type { TableSource } from '../src/app/protocol';

const CONFIG: SearchConfigInput = {
  space: 'small',
  dataset: 'fashion-mnist',
  inputSize: 8,
  widthMultiplier: 0.25,
  headChannels: 32,
  trainSamples: 40,
  testSamples: 12,
  batchSize: 8,
  epochs: 2,
  seed: 7,
  lossForm: 'target',
  schedule: 'interleaved',
  thetaEvery: 2,
};
const AT = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
const dir = mkdtempSync(join(tmpdir(), 'fbnet-scale-out-'));

/**
 * The worker's table and data services as they read the bundled files the page serves (ActiveTable
 * and DatasetHost, with the files from disk): a bundled table by id or an uploaded CSV by its name.
 */
function packageHost(table: TableSource): PackageHost {
  const read = async (space: Space) => {
    if (table.kind === 'csv') return parseLatencyTable(table.text, space, { name: table.name }).table;
    const entry = findBundled(table.id)!;
    return parseBundled(entry, readFileSync(join(BUNDLED_DIR, entry.file), 'utf8'), space).table;
  };
  const data = {
    name: 'fashion-mnist',
    forSearch: async (config: SearchConfig, space: Space) =>
      finishDataset(await readFashionMnist(folderSource(BUNDLED_DATA_DIR)), {
        size: space.inputSize,
        channels: space.inputChannels,
        trainSamples: config.trainSamples,
        testSamples: config.testSamples,
        seed: config.seed,
      }),
  };
  return {
    resolveSpace: async (config) => resolveSpace(config, await peekDataset('fashion-mnist')),
    tables: { hasSource: () => true, readActive: read },
    data,
  };
}

async function studioZip(source: TableSource): Promise<{ name: string; files: Map<string, Uint8Array> }> {
  const { name, zip } = await buildSearchZip(packageHost(source), CONFIG, AT);
  return { name, files: new Map(Object.entries(unzipSync(zip))) };
}

function listFiles(root: string, sub = root): string[] {
  return readdirSync(sub).flatMap((n) => {
    const p = join(sub, n);
    return statSync(p).isDirectory() ? listFiles(root, p) : [relative(root, p)];
  });
}

async function cliFolder(name: string, config: Record<string, unknown>): Promise<Map<string, Uint8Array>> {
  const cfg = join(dir, `${name}.json`);
  writeFileSync(cfg, JSON.stringify(config));
  const out = join(dir, name);
  expect(await exportSearch(['--config', cfg, '--out', out])).toBe(0);
  return new Map(listFiles(out).map((p) => [p, new Uint8Array(readFileSync(join(out, p)))]));
}

const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

describe('Run at scale (PyTorch) package', () => {
  it('is the folder export-search writes, byte for byte, for the bundled table and data', async () => {
    const studio = await studioZip({ kind: 'bundled', id: 'pixel3-small' });
    const stem = 'fbnet-search-fashion-mnist-pixel3-small-seed7-20260102-030405';
    expect(studio.name).toBe(`${stem}.zip`);
    const data = ['test-images', 'test-labels', 'train-images', 'train-labels'].map((n) => `data/${n}.idx.gz`);
    const expected = ['README.md', ...data, ...PYTHON_FILES, 'search.json'].sort();
    expect([...studio.files.keys()].sort()).toEqual(expected.map((p) => `${stem}/${p}`));
    const cli = await cliFolder('bundled', { ...CONFIG, lut: 'pixel3-small' });
    expect([...cli.keys()].sort()).toEqual(expected);
    const doc = JSON.parse(text(studio.files.get(`${stem}/search.json`)));
    expect(doc).toEqual(JSON.parse(text(cli.get('search.json'))));
    expect(doc.config).toMatchObject({ lut: 'pixel3-small', dataset: 'fashion-mnist', trainSamples: 40, lossForm: 'target' });
    expect(doc.table.layers).toHaveLength(22);
    expect(doc.data).toMatchObject({ bundled: true, train: 40, test: 12 });
    for (const p of expected) expect(studio.files.get(`${stem}/${p}`), p).toEqual(cli.get(p));
  });

  it('carries an uploaded table: the same config and entries as the CLI given that CSV', async () => {
    const csv = readFileSync(join(BUNDLED_DIR, findBundled('raspi4-small')!.file), 'utf8');
    const studio = await studioZip({ kind: 'csv', name: 'my-board.csv', text: csv });
    expect(studio.name).toBe('fbnet-search-fashion-mnist-my-board-seed7-20260102-030405.zip');
    copyFileSync(join(BUNDLED_DIR, findBundled('raspi4-small')!.file), join(dir, 'my-board.csv'));
    const cli = await cliFolder('uploaded', { ...CONFIG, lut: 'my-board.csv' });
    const stem = studio.name.replace(/\.zip$/, '');
    const ours = JSON.parse(text(studio.files.get(`${stem}/search.json`)));
    const theirs = JSON.parse(text(cli.get('search.json')));
    // The studio names an upload by its file name; the CLI by the file's stem, with its path as the source.
    expect(ours.table.name).toBe('my-board.csv');
    expect(theirs.table.name).toBe('my-board');
    expect({ ...ours.table, name: 0, source: 0 }).toEqual({ ...theirs.table, name: 0, source: 0 });
    expect(ours.config).toEqual(theirs.config);
    expect(ours.config.targetMs).toBeGreaterThan(0);
    const uniformPixel3 = JSON.parse(
      text((await studioZip({ kind: 'bundled', id: 'pixel3-small' })).files.get(`${stem.replace('my-board', 'pixel3-small')}/search.json`)),
    );
    expect(ours.table.layers).not.toEqual(uniformPixel3.table.layers);
    expect(studio.files.get(`${stem}/data/train-images.idx.gz`)).toEqual(cli.get('data/train-images.idx.gz'));
  });

  it('says what is wrong instead of writing a package for an invalid config', async () => {
    await expect(buildSearchZip(packageHost({ kind: 'bundled', id: 'pixel3-small' }), { ...CONFIG, batchSize: -1 }, AT)).rejects.toThrow(
      /config is invalid \(batchSize/,
    );
  });
});
