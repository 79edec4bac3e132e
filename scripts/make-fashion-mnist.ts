/**
 * Writes the bundled Fashion-MNIST subset to public/data/fashion-mnist/: a class-balanced,
 * seeded selection from the full set, in the original IDX format, gzipped.
 *
 *   npm run data:fashion-mnist [-- <source dir>]
 *
 * The source directory defaults to where Debian's dataset-fashion-mnist package installs it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';
import { gunzip } from '../src/engine/data/containers';
import { encodeIdxImages, encodeIdxLabels, parseIdx } from '../src/engine/data/idx';
import { Rng } from '../src/engine/rng';

const SOURCE = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../public/data/fashion-mnist');
const SEED = 2017;
const SPLITS = [
  { prefix: 'train', perClass: 1200 },
  { prefix: 't10k', perClass: 200 },
];

function read(file: string) {
  const bytes = readFileSync(join(SOURCE, file));
  return parseIdx(file, gunzip(file, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)));
}

/** Same index order as the source, so the subset is a plain filter of it. */
function balancedIndices(labels: Int32Array, perClass: number, rng: Rng): number[] {
  const byClass: number[][] = [];
  labels.forEach((l, i) => (byClass[l] ??= []).push(i));
  const picked = byClass.flatMap((idx, c) => {
    if (idx.length < perClass) throw new Error(`class ${c} has ${idx.length} images, fewer than ${perClass}`);
    return rng.shuffle(idx.slice()).slice(0, perClass);
  });
  return picked.sort((a, b) => a - b);
}

mkdirSync(OUT, { recursive: true });
SPLITS.forEach(({ prefix, perClass }, s) => {
  const images = read(`${prefix}-images-idx3-ubyte.gz`);
  const labels = read(`${prefix}-labels-idx1-ubyte.gz`);
  if (images.kind !== 'images' || labels.kind !== 'labels' || images.count !== labels.count) {
    throw new Error(`${prefix}: expected matching image and label files`);
  }
  const keep = balancedIndices(labels.labels, perClass, Rng.fromSeed(SEED, s));
  const per = images.rows * images.cols;
  const pixels = new Uint8Array(keep.length * per);
  keep.forEach((src, i) => pixels.set(images.pixels.subarray(src * per, (src + 1) * per), i * per));
  // mtime 0 keeps the gzip bytes identical from run to run.
  const gz = (b: Uint8Array) => gzipSync(b, { level: 9, mtime: 0 });
  writeFileSync(join(OUT, `${prefix}-images-idx3-ubyte.gz`), gz(encodeIdxImages(pixels, keep.length, images.rows, images.cols)));
  writeFileSync(join(OUT, `${prefix}-labels-idx1-ubyte.gz`), gz(encodeIdxLabels(keep.map((i) => labels.labels[i]))));
  console.log(`${prefix}: ${keep.length} images (${perClass} per class) of ${images.count}`);
});
