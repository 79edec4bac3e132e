/**
 * Writes the small dataset files the data tests load: one valid example of each supported
 * format and one malformed file per error the loaders must name. Images are synthetic and
 * seeded, so rerunning reproduces the files.
 *
 *   npx tsx scripts/make-data-fixtures.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode as encodePng } from 'fast-png';
import { gzipSync, zipSync, type Zippable } from 'fflate';
import jpeg from 'jpeg-js';
import { encodeCifarRecord } from '../src/engine/data/cifar';
import { encodeIdxImages, encodeIdxLabels } from '../src/engine/data/idx';
import { Rng } from '../src/engine/rng';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../tests/fixtures/data');
const rng = Rng.fromSeed(42);
const gz = (b: Uint8Array) => gzipSync(b, { level: 9, mtime: 0 });

/** Class k is a bright square at a class-specific position on a dim noisy background. */
function pattern(w: number, h: number, c: number, k: number): Uint8Array {
  const out = new Uint8Array(w * h * c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const on = Math.floor(x / (w / 4)) === k % 4 && Math.floor(y / (h / 2)) === Math.floor(k / 4) % 2;
      for (let ch = 0; ch < c; ch++) out[(y * w + x) * c + ch] = on ? 200 + ch * 20 : rng.int(8) * 4;
    }
  }
  return out;
}

function write(rel: string, bytes: Uint8Array) {
  const p = join(OUT, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, bytes);
}

/** ustar, regular files and folders only: enough for the loaders' tar reader. */
function tar(entries: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const e of entries) {
    const h = new Uint8Array(512);
    const put = (s: string, at: number) => h.set(new TextEncoder().encode(s), at);
    const dir = e.name.endsWith('/');
    put(e.name, 0);
    put('0000644\0', 100);
    put('0000000\0', 108);
    put('0000000\0', 116);
    put(`${e.bytes.length.toString(8).padStart(11, '0')}\0`, 124);
    put('00000000000\0', 136);
    put(dir ? '5' : '0', 156);
    put('ustar\0', 257);
    put('00', 263);
    h.fill(32, 148, 156);
    const sum = h.reduce((s, v) => s + v, 0);
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h);
    const body = new Uint8Array(Math.ceil(e.bytes.length / 512) * 512);
    body.set(e.bytes);
    blocks.push(body);
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((s, b) => s + b.length, 0));
  let at = 0;
  for (const b of blocks) out.set(b, at), (at += b.length);
  return out;
}

function zip(files: Zippable): Uint8Array {
  return zipSync(files, { level: 9, mtime: new Date(Date.UTC(2020, 0, 1)) });
}

const png = (w: number, h: number, c: 1 | 3 | 4, k: number) =>
  encodePng({ width: w, height: h, channels: c, depth: 8, data: pattern(w, h, c, k) });
function jpg(w: number, h: number, k: number): Uint8Array {
  const rgb = pattern(w, h, 3, k);
  const rgba = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) rgba.set([rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2], 255], 4 * i);
  return new Uint8Array(jpeg.encode({ width: w, height: h, data: rgba }, 90).data);
}

function idxSet(n: number, classes: number, side = 8) {
  const labels = Array.from({ length: n }, (_, i) => i % classes);
  const pixels = new Uint8Array(n * side * side);
  labels.forEach((l, i) => pixels.set(pattern(side, side, 1, l), i * side * side));
  return { images: encodeIdxImages(pixels, n, side, side), labels: encodeIdxLabels(labels) };
}

function cifarBatch(kind: 'cifar-10' | 'cifar-100', n: number, classes: number, offset = 0): Uint8Array {
  const recs = Array.from({ length: n }, (_, i) => {
    const label = (i + offset) % classes;
    return encodeCifarRecord(kind, label, pattern(32, 32, 3, label), Math.floor(label / 5));
  });
  const out = new Uint8Array(recs.reduce((s, r) => s + r.length, 0));
  recs.forEach((r, i) => out.set(r, i * r.length));
  return out;
}

rmSync(OUT, { recursive: true, force: true });

// IDX: raw training files, gzipped test files, 3 classes of 8×8.
const idxTrain = idxSet(24, 3);
const idxTest = idxSet(9, 3);
write('idx/train-images-idx3-ubyte', idxTrain.images);
write('idx/train-labels-idx1-ubyte', idxTrain.labels);
write('idx/t10k-images-idx3-ubyte.gz', gz(idxTest.images));
write('idx/t10k-labels-idx1-ubyte.gz', gz(idxTest.labels));
const badMagic = idxTrain.images.slice();
badMagic[3] = 0x04;
write('bad/idx-magic/train-images-idx3-ubyte', badMagic);
write('bad/idx-magic/train-labels-idx1-ubyte', idxTrain.labels);
write('bad/idx-truncated/train-images-idx3-ubyte', idxTrain.images.subarray(0, 16 + 10 * 64 + 20));
write('bad/idx-truncated/train-labels-idx1-ubyte', idxTrain.labels);
write('bad/idx-mismatch/train-images-idx3-ubyte', idxTrain.images);
write('bad/idx-mismatch/train-labels-idx1-ubyte', encodeIdxLabels(Array.from({ length: 23 }, (_, i) => i % 3)));

// CIFAR-10 as its .tar.gz distribution; CIFAR-100 as bare batch files.
write(
  'cifar-10-binary.tar.gz',
  gz(
    tar([
      { name: 'cifar-10-batches-bin/', bytes: new Uint8Array(0) },
      { name: 'cifar-10-batches-bin/batches.meta.txt', bytes: new TextEncoder().encode('airplane\nautomobile\n') },
      { name: 'cifar-10-batches-bin/data_batch_1.bin', bytes: cifarBatch('cifar-10', 6, 10) },
      { name: 'cifar-10-batches-bin/data_batch_2.bin', bytes: cifarBatch('cifar-10', 6, 10, 6) },
      { name: 'cifar-10-batches-bin/test_batch.bin', bytes: cifarBatch('cifar-10', 4, 10) },
    ]),
  ),
);
write('cifar-100/train.bin', cifarBatch('cifar-100', 4, 100, 40));
write('cifar-100/test.bin', cifarBatch('cifar-100', 2, 100, 97));
write('bad/cifar-truncated/data_batch_1.bin', cifarBatch('cifar-10', 3, 10).subarray(0, 2 * 3073 + 100));
const badLabel = cifarBatch('cifar-10', 3, 10);
badLabel[3073] = 12;
write('bad/cifar-label/test_batch.bin', badLabel);

// Image folders: PNG (gray, RGB, RGBA) and JPEG of mixed sizes; a zipped one with train/test folders.
write('folder/shapes/circle/a.png', png(12, 12, 3, 0));
write('folder/shapes/circle/b.png', png(12, 12, 4, 0));
write('folder/shapes/circle/c.jpg', jpg(16, 16, 0));
write('folder/shapes/square/a.png', png(12, 12, 1, 1));
write('folder/shapes/square/b.jpg', jpg(12, 8, 1));
write('folder/shapes/square/c.png', png(12, 12, 3, 1));
write('folder/shapes/star/a.png', png(12, 12, 3, 2));
write('folder/shapes/star/b.png', png(10, 10, 3, 2));
write('folder/shapes/.DS_Store', new Uint8Array([0, 0, 0, 1]));
const split: Zippable = {};
for (const part of ['train', 'test']) {
  for (let k = 0; k < 2; k++) {
    for (let i = 0; i < (part === 'train' ? 3 : 1); i++) split[`digits/${part}/${k === 0 ? 'zero' : 'one'}/${i}.png`] = png(6, 6, 1, k);
  }
}
write('folder-split.zip', zip(split));
write(
  'bad/folder-empty-class.zip',
  zip({ 'pets/cat/1.png': png(6, 6, 3, 0), 'pets/dog/1.png': png(6, 6, 3, 1), 'pets/fish/': new Uint8Array(0) }),
);
write('bad/folder-unreadable/cat/1.png', png(6, 6, 3, 0));
write('bad/folder-unreadable/dog/1.png', new TextEncoder().encode('not a png'));

console.log(`fixtures written to ${OUT}`);
