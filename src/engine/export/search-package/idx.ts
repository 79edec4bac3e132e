/** The bundled data as gzipped IDX files: the exact uint8 images the engine trains on, at the space's size. */
import { gzipSync } from 'fflate';
import type { Split } from '../../data/dataset';

/** IDX (unsigned bytes): magic 0 0 8 dims, big-endian dimension sizes, then the bytes. */
export function encodeIdx(shape: number[], bytes: Uint8Array): Uint8Array {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== bytes.length) throw new Error(`IDX: shape [${shape}] needs ${n} bytes, got ${bytes.length}`);
  const out = new Uint8Array(4 + 4 * shape.length + bytes.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, 8, shape.length]);
  shape.forEach((s, i) => view.setUint32(4 + 4 * i, s, false));
  out.set(bytes, 4 + 4 * shape.length);
  return out;
}

/**
 * The uint8 pixels a normalised split was made from: x = (p/255 − mean)/std in float32 is far
 * closer than half a grey level to p, so rounding the inverse recovers p exactly.
 */
export function recoverPixels(split: Split, norm: { mean: number[]; std: number[] }): Uint8Array {
  const c = norm.mean.length;
  const out = new Uint8Array(split.x.length);
  for (let i = 0; i < split.x.length; i++) {
    const k = i % c;
    const p = Math.round((split.x[i] * norm.std[k] + norm.mean[k]) * 255);
    out[i] = Math.min(255, Math.max(0, p));
  }
  return out;
}

export function splitFiles(name: 'train' | 'test', split: Split, size: number, channels: number, norm: { mean: number[]; std: number[] }) {
  const labels = new Uint8Array(split.n);
  split.y.forEach((y, i) => {
    if (y > 255)
      throw new Error(
        `bundled data: label ${y} does not fit the IDX byte labels (at most 256 classes can travel in the package; give the data by path)`,
      );
    labels[i] = y;
  });
  return [
    {
      path: `data/${name}-images.idx.gz`,
      bytes: gzipSync(encodeIdx([split.n, size, size, channels], recoverPixels(split, norm)), { mtime: 0 }),
    },
    { path: `data/${name}-labels.idx.gz`, bytes: gzipSync(encodeIdx([split.n], labels), { mtime: 0 }) },
  ];
}
