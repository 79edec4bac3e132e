/** The package writer: its files, the bundled data bit for bit, the schedule keys, and its errors. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeSources, PYTHON_DIR } from '../src/cli/export-search';
import { loadDatasetNode } from '../src/cli/node-data';
import type { LoadedDataset } from '../src/engine/data';
import { parseExportConfig, PYTHON_FILES, writeSearchPackage, type PackageFile } from '../src/engine/export/search-package';
import { browserSources } from '../src/engine/export/search-package/sources.browser';
import { denseTable } from '../src/engine/lut/latency';
import { resolveTargetMs } from '../src/engine/search/target';
import { Rng } from '../src/engine/rng';
import { searchConfigSchema } from '../src/engine/schemas';
import { Schedule } from '../src/engine/search';
import { allowedMask, makeSpace, type Space } from '../src/engine/space/space';
import { syntheticTable } from './synthetic';

const space: Space = makeSpace('small', {
  inputSize: 8,
  inputChannels: 1,
  numClasses: 10,
  widthMultiplier: 0.25,
  headChannels: 32,
  allowedBlocks: ['k3_e1', 'skip'],
});
const config = parseExportConfig({
  inputSize: 8,
  headChannels: 32,
  allowedBlocks: ['k3_e1', 'skip'],
  trainSamples: 60,
  testSamples: 20,
  seed: 2,
});
let dataset: LoadedDataset;

const file = (files: PackageFile[], path: string) => {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in the package`);
  return f.bytes;
};
/** IDX bytes → [dims, body]. */
const idx = (gz: Uint8Array) => {
  const raw = gunzipSync(gz);
  const view = new DataView(raw.buffer, raw.byteOffset);
  const dims = Array.from({ length: raw[3] }, (_, i) => view.getUint32(4 + 4 * i, false));
  return { dims, body: raw.subarray(4 + 4 * dims.length) };
};

beforeAll(async () => {
  dataset = await loadDatasetNode('fashion-mnist', { size: 8, channels: 1, trainSamples: 60, testSamples: 20, seed: 2 });
});

describe('search package', () => {
  it('ships every Python file, the same in the page (Vite ?raw) as on disk', () => {
    const onDisk = readdirSync(PYTHON_DIR, { recursive: true })
      .map(String)
      .filter((p) => p.endsWith('.py'))
      .map((p) => p.split('\\').join('/'));
    expect([...PYTHON_FILES].sort()).toEqual(onDisk.sort());
    expect(browserSources()).toEqual(nodeSources());
  });

  it('bundles the exact images and labels the engine trains on, with the config, space and table', () => {
    const table = syntheticTable(space);
    const files = writeSearchPackage({ config, space, table, dataset, sources: nodeSources() });
    expect(files.map((f) => f.path).sort()).toEqual(
      [
        ...PYTHON_FILES,
        'README.md',
        'search.json',
        'data/train-images.idx.gz',
        'data/train-labels.idx.gz',
        'data/test-images.idx.gz',
        'data/test-labels.idx.gz',
      ].sort(),
    );
    const doc = JSON.parse(strFromU8(file(files, 'search.json')));
    expect(doc).toMatchObject({
      format: 'fbnet-studio/pytorch-search@1',
      space,
      table: { name: 'synthetic', fixedMs: 1, layers: table.layers },
    });
    expect(doc.config).toMatchObject({ schedule: 'epoch', thetaEvery: 4, tauSchedule: 'epoch', lossForm: 'paper', seed: 2 });
    expect(doc.data).toMatchObject({ bundled: true, folder: 'data', train: 60, test: 20, normalization: dataset.normalization });
    for (const split of ['train', 'test'] as const) {
      const images = idx(file(files, `data/${split}-images.idx.gz`));
      const labels = idx(file(files, `data/${split}-labels.idx.gz`));
      expect(images.dims).toEqual([dataset[split].n, 8, 8, 1]);
      expect(Array.from(labels.body)).toEqual(Array.from(dataset[split].y));
      const { mean, std } = dataset.normalization;
      const x = Float32Array.from(images.body, (p) => (p / 255 - mean[0]) / std[0]);
      expect(x).toEqual(dataset[split].x);
    }
  });

  it('leaves the data out when asked, and the package then says to give it by path', () => {
    const out = mkdtempSync(join(tmpdir(), 'fbnet-pkg-'));
    const files = writeSearchPackage({ config, space, table: syntheticTable(space), dataset: null, sources: nodeSources() });
    expect(files.some((f) => f.path.startsWith('data/'))).toBe(false);
    for (const f of files) {
      mkdirSync(dirname(join(out, f.path)), { recursive: true });
      writeFileSync(join(out, f.path), f.bytes);
    }
    const r = spawnSync('/usr/bin/python3', [join(out, 'search.py'), '--out', join(out, 'run')], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/this package carries no data: give --data <folder>/);
  });

  it('refuses a table, dataset or source set that does not fit', () => {
    const table = syntheticTable(space);
    const sources = nodeSources();
    expect(() => writeSearchPackage({ config, space, table: { ...table, layers: table.layers.slice(1) }, dataset, sources })).toThrow(
      /has 21 layers, the space has 22/,
    );
    const holes = { ...table, layers: table.layers.map((row, l) => (l === 3 ? row.map(() => null) : row)) };
    expect(() => writeSearchPackage({ config, space, table: holes, dataset, sources })).toThrow(/no valid entry for layer 4, block k3_e1/);
    expect(() => writeSearchPackage({ config, space: { ...space, inputSize: 16 }, table, dataset, sources })).toThrow(
      /is 8×8×1 with 10 classes, the space expects 16×16×1/,
    );
    expect(() => writeSearchPackage({ config, space, table, dataset, sources: sources.slice(1) })).toThrow(
      /missing Python sources search\.py/,
    );
  });

  it('reads the config with the engine schema, schedule keys included', () => {
    expect(
      parseExportConfig({ schedule: 'interleaved', thetaEvery: 2, tauSchedule: 'step', lossForm: 'target', targetMs: 5 }),
    ).toMatchObject({ schedule: 'interleaved', thetaEvery: 2, tauSchedule: 'step', lossForm: 'target', targetMs: 5 });
    expect(parseExportConfig({})).toMatchObject({ schedule: 'epoch', thetaEvery: 4, tauSchedule: 'epoch', lossForm: 'paper' });
    expect(() => parseExportConfig({ schedule: 'weekly' })).toThrow(/schedule/);
    expect(() => parseExportConfig({ thetaEvery: 0 })).toThrow(/thetaEvery/);
    expect(() => parseExportConfig({ tauSchedule: 'step', batchSize: 0 })).toThrow(/batchSize/);
  });

  it('writes the target latency the engine would use when the config leaves it out', () => {
    const table = syntheticTable(space);
    const files = writeSearchPackage({
      config: parseExportConfig({ ...config, lossForm: 'target' }),
      space,
      table,
      dataset,
      sources: nodeSources(),
    });
    const doc = JSON.parse(new TextDecoder().decode(files.find((f) => f.path === 'search.json')!.bytes));
    expect(doc.config.targetMs).toBe(resolveTargetMs(undefined, denseTable(table), allowedMask(space), table.fixedMs));
  });

  it('walks the epoch and interleaved schedules over a fixed w/θ partition', () => {
    const walk = (over: Record<string, unknown>) =>
      JSON.parse(
        execFileSync('/usr/bin/python3', [join(dirname(PYTHON_DIR), '..', 'tests', 'python', 'schedule.py')], {
          input: JSON.stringify({ n: 100, config: { ...config, batchSize: 10, epochs: 3, warmupEpochs: 1, ...over } }),
          env: { ...process.env, FBNET_SEARCH_DIR: PYTHON_DIR },
          encoding: 'utf8',
        }),
      );
    for (const kind of ['epoch', 'interleaved'] as const) {
      const s = walk({ schedule: kind, thetaEvery: 3, tauSchedule: 'step' });
      // The engine's own schedule, same config and seed: the same phases and batches, step for step.
      const mine = new Schedule(
        searchConfigSchema.parse({
          ...config,
          batchSize: 10,
          epochs: 3,
          warmupEpochs: 1,
          schedule: kind,
          thetaEvery: 3,
          tauSchedule: 'step',
        }),
        100,
        Rng.fromSeed(config.seed, 1),
      );
      const engineSteps: { phase: string; batch: number[]; epochs: number }[] = [];
      while (!mine.done) {
        const epochs = mine.epochsElapsed;
        const p = mine.next();
        engineSteps.push({ phase: p.phase, batch: p.indices, epochs });
        mine.advance();
      }
      expect(s.steps.map((x: { phase: string; batch: number[] }) => [x.phase, x.batch])).toEqual(
        engineSteps.map((x) => [x.phase, x.batch]),
      );
      s.steps.forEach((x: { epoch: number; fraction: number }, i: number) =>
        expect(x.epoch + x.fraction).toBeCloseTo(engineSteps[i].epochs, 9),
      );
      const w = new Set<number>(s.w);
      expect(s.theta.some((i: number) => w.has(i))).toBe(false);
      const phases = s.steps.map((x: { phase: string }) => (x.phase === 'w' ? 'w' : 'T')).join('');
      // 80 w images = 8 w batches, 20 θ images = 2 θ batches; warm-up epoch first.
      expect(phases).toBe(kind === 'epoch' ? `wwwwwwww${'wwwwwwwwTT'.repeat(2)}` : `wwwwwwww${'wwwTwwwTww'.repeat(2)}`);
      for (const st of s.steps) {
        expect(st.batch).toHaveLength(10);
        expect(st.batch.every((i: number) => (st.phase === 'w') === w.has(i))).toBe(true);
      }
      expect(s.steps.filter((x: { closed: boolean }) => x.closed)).toHaveLength(3);
      expect(s.steps.map((x: { fraction: number }) => x.fraction).slice(8, 11)).toEqual([0, 0.1, 0.2]);
      expect(s.end).toBe(3);
    }
  });
});
