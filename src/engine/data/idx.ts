import { DatasetError } from './errors';

export const IDX_IMAGES_MAGIC = 2051;
export const IDX_LABELS_MAGIC = 2049;

export interface IdxImages {
  kind: 'images';
  count: number;
  rows: number;
  cols: number;
  pixels: Uint8Array;
}
export interface IdxLabels {
  kind: 'labels';
  count: number;
  labels: Int32Array;
}

const u32 = (b: Uint8Array, at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;

export const hasIdxMagic = (b: Uint8Array) => b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 8 && (b[3] === 1 || b[3] === 3);

/** Reads only the header, so a caller can learn shapes without copying pixels. */
export function idxHeader(name: string, b: Uint8Array): { kind: 'images' | 'labels'; count: number; rows: number; cols: number } {
  if (b.length < 4)
    throw new DatasetError(name, `too short for an IDX file (${b.length} bytes, the magic number alone needs 4)`, { offset: 0 });
  const magic = u32(b, 0);
  if (magic !== IDX_IMAGES_MAGIC && magic !== IDX_LABELS_MAGIC) {
    const hint = b[2] !== 8 && b[0] === 0 && b[1] === 0 ? ` (data type 0x${b[2].toString(16).padStart(2, '0')} is not unsigned bytes)` : '';
    throw new DatasetError(
      name,
      `wrong magic number 0x${magic.toString(16).padStart(8, '0')} (${magic}): expected 2051 (IDX images) or 2049 (IDX labels)${hint}`,
      { offset: 0 },
    );
  }
  const images = magic === IDX_IMAGES_MAGIC;
  const headerLen = images ? 16 : 8;
  if (b.length < headerLen) throw new DatasetError(name, `truncated IDX header: ${b.length} of ${headerLen} bytes`, { offset: b.length });
  const count = u32(b, 4);
  const rows = images ? u32(b, 8) : 1;
  const cols = images ? u32(b, 12) : 1;
  if (images && (rows === 0 || cols === 0)) throw new DatasetError(name, `image size ${rows}×${cols} is empty`, { offset: 8 });
  const per = rows * cols;
  const need = headerLen + count * per;
  if (b.length < need) {
    const whole = Math.floor((b.length - headerLen) / per);
    throw new DatasetError(
      name,
      `truncated: the header declares ${count} ${images ? `images of ${rows}×${cols}` : 'labels'} (${need} bytes) but the file has ${b.length} bytes`,
      { record: whole, offset: headerLen + whole * per },
    );
  }
  return { kind: images ? 'images' : 'labels', count, rows, cols };
}

export function parseIdx(name: string, b: Uint8Array): IdxImages | IdxLabels {
  const h = idxHeader(name, b);
  if (h.kind === 'images') {
    return { kind: 'images', count: h.count, rows: h.rows, cols: h.cols, pixels: b.subarray(16, 16 + h.count * h.rows * h.cols) };
  }
  return { kind: 'labels', count: h.count, labels: Int32Array.from(b.subarray(8, 8 + h.count)) };
}

function header(magic: number, dims: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, magic);
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d));
  return out;
}

export function encodeIdxImages(pixels: Uint8Array, count: number, rows: number, cols: number): Uint8Array {
  const h = header(IDX_IMAGES_MAGIC, [count, rows, cols]);
  const out = new Uint8Array(h.length + count * rows * cols);
  out.set(h);
  out.set(pixels.subarray(0, count * rows * cols), h.length);
  return out;
}

export function encodeIdxLabels(labels: ArrayLike<number>): Uint8Array {
  const h = header(IDX_LABELS_MAGIC, [labels.length]);
  const out = new Uint8Array(h.length + labels.length);
  out.set(h);
  out.set(Uint8Array.from(labels), h.length);
  return out;
}
