import { CIFAR100_CLASSES, CIFAR10_CLASSES } from './classes';
import type { FileEntry } from './containers';
import { DatasetError } from './errors';
import type { RawDataset, RawSplit } from './raw';

const PIXELS = 3072; // 32 × 32 × 3, channel-planar
const SIDE = 32;

export type CifarKind = 'cifar-10' | 'cifar-100';
const RECORD: Record<CifarKind, number> = { 'cifar-10': 1 + PIXELS, 'cifar-100': 2 + PIXELS };

/** The binary distributions' file names, else a .bin whose size fits one record layout and not the other. */
export function cifarKind(f: FileEntry): CifarKind | undefined {
  const base = f.name.split('/').pop() ?? f.name;
  if (/^(data_batch_\d+|test_batch)\.bin$/i.test(base)) return 'cifar-10';
  if (/^(train|test)\.bin$/i.test(base)) return 'cifar-100';
  if (!/\.bin$/i.test(base) || f.bytes.length === 0) return undefined;
  const fits10 = f.bytes.length % RECORD['cifar-10'] === 0;
  const fits100 = f.bytes.length % RECORD['cifar-100'] === 0;
  if (fits10 && !fits100) return 'cifar-10';
  if (fits100 && !fits10) return 'cifar-100';
  return undefined;
}

interface Batch {
  bytes: Uint8Array;
  count: number;
}

function checkBatch(f: FileEntry, kind: CifarKind): Batch {
  const rec = RECORD[kind];
  const len = f.bytes.length;
  if (len === 0) throw new DatasetError(f.name, 'file is empty');
  if (len % rec !== 0) {
    const whole = Math.floor(len / rec);
    throw new DatasetError(
      f.name,
      `truncated record: ${kind} records are ${rec} bytes, the file's ${len} bytes leave ${len - whole * rec} over`,
      { record: whole, offset: whole * rec },
    );
  }
  const count = len / rec;
  const [coarseMax, fineMax] = kind === 'cifar-10' ? [-1, 9] : [19, 99];
  for (let r = 0; r < count; r++) {
    const at = r * rec;
    if (kind === 'cifar-100' && f.bytes[at] > coarseMax) {
      throw new DatasetError(f.name, `coarse label ${f.bytes[at]} is out of range (0–${coarseMax})`, { record: r, offset: at });
    }
    const fine = f.bytes[at + rec - PIXELS - 1];
    if (fine > fineMax) {
      throw new DatasetError(f.name, `label ${fine} is out of range for ${kind} (0–${fineMax})`, {
        record: r,
        offset: at + rec - PIXELS - 1,
      });
    }
  }
  return { bytes: f.bytes, count };
}

/** Several batch files read as one split; pixels are reordered to HWC only for the images asked for. */
function splitOf(batches: Batch[], kind: CifarKind): RawSplit {
  const rec = RECORD[kind];
  const n = batches.reduce((s, b) => s + b.count, 0);
  const labels = new Int32Array(n);
  const where: [Batch, number][] = [];
  for (const b of batches) {
    for (let r = 0; r < b.count; r++) {
      labels[where.length] = b.bytes[r * rec + rec - PIXELS - 1];
      where.push([b, r]);
    }
  }
  return {
    n,
    labels,
    image(i) {
      const [b, r] = where[i];
      const src = b.bytes.subarray(r * rec + rec - PIXELS, (r + 1) * rec);
      const data = new Uint8Array(PIXELS);
      for (let p = 0; p < 1024; p++) {
        data[3 * p] = src[p];
        data[3 * p + 1] = src[1024 + p];
        data[3 * p + 2] = src[2048 + p];
      }
      return { width: SIDE, height: SIDE, channels: 3, data };
    },
  };
}

/** test_batch.bin / test.bin is the test part; every other batch is training data. */
export function cifarDataset(files: FileEntry[], kind: CifarKind): RawDataset {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const isTest = (f: FileEntry) => /test/i.test(f.name.split('/').pop() ?? '');
  const train = sorted.filter((f) => !isTest(f)).map((f) => checkBatch(f, kind));
  const test = sorted.filter(isTest).map((f) => checkBatch(f, kind));
  const trainSplit = splitOf(train.length ? train : test, kind);
  const testSplit = train.length && test.length ? splitOf(test, kind) : undefined;
  const classNames = kind === 'cifar-10' ? CIFAR10_CLASSES : CIFAR100_CLASSES;
  return {
    name: kind,
    format: kind,
    size: SIDE,
    channels: 3,
    numClasses: classNames.length,
    classNames,
    train: trainSplit,
    ...(testSplit ? { test: testSplit } : {}),
  };
}

/** Fixtures and tests build batches with this; records are label byte(s) then R, G, B planes. */
export function encodeCifarRecord(kind: CifarKind, label: number, hwc: Uint8Array, coarse = 0): Uint8Array {
  const head = kind === 'cifar-10' ? [label] : [coarse, label];
  const out = new Uint8Array(head.length + PIXELS);
  out.set(head);
  for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) out[head.length + c * 1024 + p] = hwc[3 * p + c];
  return out;
}
