import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDatasetNode, peekDatasetNode, readPathEntries } from '../src/cli/node-data';
import { encodeCifarRecord } from '../src/engine/data/cifar';
import { CIFAR100_CLASSES, CIFAR10_CLASSES, datasetInfo, detectFormat, loadDatasetFiles, type LoadedDataset } from '../src/engine/data';

const FIX = 'tests/fixtures/data';
const all = { trainSamples: 1000, testSamples: 1000, seed: 3 };
const load = async (p: string, size: number, extra = {}) => loadDatasetNode(`${FIX}/${p}`, { size, ...all, ...extra });

/** Pixel (x, y) of image i back in 0..255, undoing the loader's normalisation. */
function pixel(d: LoadedDataset, i: number, x: number, y: number): number[] {
  const c = d.channels;
  const at = ((i * d.size + y) * d.size + x) * c;
  return Array.from({ length: c }, (_, k) => Math.round((d.train.x[at + k] * d.normalization.std[k] + d.normalization.mean[k]) * 255));
}

describe('IDX', () => {
  it('loads raw training files and gzipped test files with labels from the files', async () => {
    const d = await load('idx', 8);
    expect(datasetInfo(d)).toMatchObject({
      name: 'idx',
      format: 'idx',
      size: 8,
      channels: 1,
      numClasses: 3,
      trainCounts: [8, 8, 8],
      testCounts: [3, 3, 3],
    });
    expect(d.classNames).toBeUndefined();
    expect(d.note).toMatch(/asked for 1000 training samples, 24 available/);
    // Every training image must be one of the file's images, pixel for pixel, with its label.
    const file = readFileSync(`${FIX}/idx/train-images-idx3-ubyte`);
    const labels = readFileSync(`${FIX}/idx/train-labels-idx1-ubyte`).subarray(8);
    const images = Array.from({ length: 24 }, (_, i) => Array.from(file.subarray(16 + i * 64, 16 + (i + 1) * 64)).join(','));
    for (let i = 0; i < d.train.n; i++) {
      const px = Array.from({ length: 64 }, (_, p) => pixel(d, i, p % 8, Math.floor(p / 8))[0]).join(',');
      const src = images.indexOf(px);
      expect(src).toBeGreaterThanOrEqual(0);
      expect(d.train.y[i]).toBe(labels[src]);
    }
  });

  it('is detected by content and peeked without resizing', async () => {
    const entries = await readPathEntries(`${FIX}/idx`);
    expect(detectFormat(entries)).toBe('idx');
    expect(await peekDatasetNode(`${FIX}/idx`)).toEqual({ size: 8, channels: 1, numClasses: 3 });
  });

  it('holds out a class-balanced test part when only training files are given', async () => {
    const entries = (await readPathEntries(`${FIX}/idx`)).filter((e) => e.name.includes('train'));
    const d = await loadDatasetFiles(entries, { size: 8, trainSamples: 12, testSamples: 6, seed: 1 });
    expect(datasetInfo(d).testCounts).toEqual([2, 2, 2]);
    expect(datasetInfo(d).trainCounts).toEqual([4, 4, 4]);
    expect(d.note).toMatch(/idx has no test part: held out 6 of 24 images/);
  });
});

describe('CIFAR', () => {
  it('reads the CIFAR-10 .tar.gz: 10 named classes, planar pixels turned to HWC', async () => {
    const entries = await readPathEntries(`${FIX}/cifar-10-binary.tar.gz`);
    expect(detectFormat(entries)).toBe('cifar-10');
    const d = await load('cifar-10-binary.tar.gz', 32);
    expect(datasetInfo(d)).toMatchObject({
      name: 'cifar-10',
      format: 'cifar-10',
      size: 32,
      channels: 3,
      numClasses: 10,
      classNames: CIFAR10_CLASSES,
    });
    expect(d.train.n).toBe(12);
    expect(d.test.n).toBe(4);
    expect(new Set(d.train.y)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    // The fixture draws class k as an (R, G, B) = (200, 220, 240) block; class 0's covers the top-left corner.
    const zero = d.train.y.indexOf(0);
    expect(pixel(d, zero, 0, 0)).toEqual([200, 220, 240]);
    expect(pixel(d, zero, 31, 31)[2]).toBeLessThan(40);
  });

  it('recognises a renamed batch by its record size', async () => {
    const rec = (label: number) => encodeCifarRecord('cifar-10', label, new Uint8Array(3072).fill(label * 20));
    const bytes = new Uint8Array(3 * 3073);
    [0, 1, 2].forEach((l) => bytes.set(rec(l), l * 3073));
    expect(detectFormat([{ name: 'mine.bin', bytes }])).toBe('cifar-10');
    const d = await loadDatasetFiles([{ name: 'mine.bin', bytes }], { size: 4, trainSamples: 2, testSamples: 1, seed: 1 });
    expect(d).toMatchObject({ format: 'cifar-10', numClasses: 10, train: { n: 2 }, test: { n: 1 } });
    expect(d.note).toMatch(/cifar-10 has no test part/);
  });

  it('reads CIFAR-100 batches with fine labels and 100 class names', async () => {
    const d = await load('cifar-100', 16);
    expect(detectFormat(await readPathEntries(`${FIX}/cifar-100`))).toBe('cifar-100');
    expect(d).toMatchObject({ format: 'cifar-100', numClasses: 100, size: 16, channels: 3 });
    expect(d.classNames).toBe(CIFAR100_CLASSES);
    expect(CIFAR100_CLASSES).toHaveLength(100);
    expect(new Set(CIFAR100_CLASSES).size).toBe(100);
    expect([...d.train.y].sort()).toEqual([40, 41, 42, 43]);
    expect([...d.test.y].sort()).toEqual([97, 98]);
    expect(d.classNames![40]).toBe('lamp');
    expect(await peekDatasetNode(`${FIX}/cifar-100`)).toEqual({ size: 32, channels: 3, numClasses: 100 });
  });
});

it("pads instead of resizing when asked, leaving a border of the data's zero", async () => {
  const d = await load('idx', 12, { fit: 'pad' });
  const zero = -d.normalization.mean[0] / d.normalization.std[0];
  expect(d.train.x[0]).toBeCloseTo(zero, 5);
  expect(d.train.x[12 * 12 - 1]).toBeCloseTo(zero, 5);
  const inner = Array.from({ length: 64 }, (_, p) => pixel(d, 0, 2 + (p % 8), 2 + Math.floor(p / 8))[0]);
  expect(inner.some((v) => v > 150)).toBe(true);
});

describe('image folders', () => {
  it('takes classes from sub-folders, mixes PNG/JPEG, gray/RGB/RGBA and sizes, and holds out a test part', async () => {
    const d = await load('folder', 12);
    expect(datasetInfo(d)).toMatchObject({
      name: 'shapes',
      format: 'image-folder',
      size: 12,
      channels: 3,
      numClasses: 3,
      classNames: ['circle', 'square', 'star'],
    });
    expect(d.train.n + d.test.n).toBe(8);
    expect(d.note).toMatch(/image-folder has no test part: held out 4 of 8 images/);
    expect(d.train.x.every(Number.isFinite)).toBe(true);
    expect(await peekDatasetNode(`${FIX}/folder`)).toEqual({ size: 12, channels: 3, numClasses: 3 });
  });

  it('uses train/ and test/ folders of a zip as the splits', async () => {
    const d = await load('folder-split.zip', 6);
    expect(datasetInfo(d)).toMatchObject({
      name: 'digits',
      size: 6,
      channels: 1,
      numClasses: 2,
      classNames: ['one', 'zero'],
      trainCounts: [3, 3],
      testCounts: [1, 1],
    });
    expect(d.note).toMatch(/asked for/);
    expect(d.note).not.toMatch(/held out/);
  });

  it('decodes with an injected decoder, and only the images it keeps', async () => {
    const calls: string[] = [];
    const entries = await readPathEntries(`${FIX}/folder`);
    const d = await loadDatasetFiles(entries, {
      size: 4,
      trainSamples: 2,
      testSamples: 1,
      seed: 1,
      decodeImage: (bytes, mime) => {
        calls.push(mime);
        return { width: 2, height: 2, channels: 1, data: new Uint8Array([0, 100, 200, bytes.length % 256]) };
      },
    });
    expect(d).toMatchObject({ size: 4, channels: 1, numClasses: 3 });
    expect(calls.length).toBeLessThanOrEqual(4);
    expect(calls).toContain('image/png');
  });
});

it('reports progress from 0 to 1 in order', async () => {
  const seen: number[] = [];
  await loadDatasetNode(`${FIX}/idx`, { size: 8, ...all, onProgress: (f) => seen.push(f) });
  expect(seen[0]).toBe(0);
  expect(seen.at(-1)).toBe(1);
  expect(seen.every((f, i) => i === 0 || f >= seen[i - 1])).toBe(true);
});
