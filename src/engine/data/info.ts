import type { Dataset } from './dataset';

export interface DatasetInfo {
  name: string;
  size: number;
  channels: number;
  numClasses: number;
  classNames?: string[];
  trainCounts: number[];
  testCounts: number[];
  format?: string;
  note?: string;
}

function counts(y: Int32Array, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  y.forEach((l) => c[l]++);
  return c;
}

export function datasetInfo(d: Dataset & { format?: string; note?: string }): DatasetInfo {
  return {
    name: d.name,
    size: d.size,
    channels: d.channels,
    numClasses: d.numClasses,
    ...(d.classNames ? { classNames: d.classNames } : {}),
    trainCounts: counts(d.train.y, d.numClasses),
    testCounts: counts(d.test.y, d.numClasses),
    ...(d.format ? { format: d.format } : {}),
    ...(d.note ? { note: d.note } : {}),
  };
}

export interface PreviewGrid {
  /** RGBA, row-major: one row of tiles per class, `perClass` tiles across, `gap` transparent pixels between. */
  data: Uint8ClampedArray;
  width: number;
  height: number;
  tile: number;
  gap: number;
  rows: number;
  cols: number;
  /** Training-set index of each tile, row by row; -1 where a class has too few samples. */
  indices: number[];
  labels: string[];
}

/**
 * The first `perClass` training images of each class. Pixels are undone from the dataset's
 * normalisation when it is known, else each tile is stretched to its own min–max.
 */
export function previewGrid(d: Dataset & { normalization?: { mean: number[]; std: number[] } }, perClass: number, gap = 1): PreviewGrid {
  const { size, channels: c, numClasses: rows } = d;
  const cols = Math.max(1, Math.floor(perClass));
  const width = cols * size + (cols - 1) * gap;
  const height = rows * size + (rows - 1) * gap;
  const data = new Uint8ClampedArray(width * height * 4);
  const indices = new Array<number>(rows * cols).fill(-1);
  const filled = new Array<number>(rows).fill(0);
  d.train.y.forEach((l, i) => {
    if (filled[l] < cols) indices[l * cols + filled[l]++] = i;
  });
  const per = size * size * c;
  const norm = d.normalization;
  indices.forEach((src, t) => {
    if (src < 0) return;
    const x = d.train.x.subarray(src * per, (src + 1) * per);
    let lo = 0;
    let span = 1;
    if (!norm) {
      lo = Infinity;
      let hi = -Infinity;
      for (const v of x) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
      span = hi - lo || 1;
    }
    const value = (k: number, ch: number) => (norm ? x[k] * norm.std[ch] + norm.mean[ch] : (x[k] - lo) / span) * 255;
    const ox = (t % cols) * (size + gap);
    const oy = Math.floor(t / cols) * (size + gap);
    for (let p = 0; p < size * size; p++) {
      const o = ((oy + Math.floor(p / size)) * width + ox + (p % size)) * 4;
      for (let ch = 0; ch < 3; ch++) data[o + ch] = value(p * c + Math.min(ch, c - 1), Math.min(ch, c - 1));
      data[o + 3] = 255;
    }
  });
  const labels = Array.from({ length: rows }, (_, k) => d.classNames?.[k] ?? String(k));
  return { data, width, height, tile: size, gap, rows, cols, indices, labels };
}
