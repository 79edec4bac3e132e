import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import type { RawImage } from './raw';

export type DecodedImage = RawImage;
/** Swappable so a browser can use its native decoder; the default is pure JS and behaves the same everywhere. */
export type ImageDecoder = (bytes: Uint8Array, mime: string) => DecodedImage | Promise<DecodedImage>;

export const isPng = (b: Uint8Array) => b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
export const isJpeg = (b: Uint8Array) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const IMAGE_EXT = /\.(png|jpe?g)$/i;

/** By content first; the extension only speaks for files whose content is no known image. */
export function imageMime(name: string, bytes: Uint8Array): string | undefined {
  if (isPng(bytes)) return 'image/png';
  if (isJpeg(bytes)) return 'image/jpeg';
  const m = IMAGE_EXT.exec(name);
  if (!m) return undefined;
  return m[1].toLowerCase() === 'png' ? 'image/png' : 'image/jpeg';
}

function to8bit(data: Uint8Array | Uint8ClampedArray | Uint16Array, depth: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  if (depth === 16) {
    for (let i = 0; i < count; i++) out[i] = data[i] >> 8;
  } else if (depth < 8) {
    const scale = 255 / ((1 << depth) - 1);
    for (let i = 0; i < count; i++) out[i] = Math.round(data[i] * scale);
  } else {
    out.set(data.subarray(0, count));
  }
  return out;
}

/** Rows of sub-byte samples are byte-aligned; spreads them to one sample per element. */
function unpackBits(data: Uint8Array, width: number, height: number, channels: number, depth: number): Uint8Array {
  const perRow = Math.ceil((width * channels * depth) / 8);
  const out = new Uint8Array(width * height * channels);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < width * channels; i++) {
      const bit = i * depth;
      out[y * width * channels + i] = (data[y * perRow + (bit >> 3)] >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

function decodePngImage(bytes: Uint8Array): DecodedImage {
  const png = decodePng(bytes);
  const { width, height } = png;
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    const channels = rgb.length / (width * height);
    return { width, height, channels, data: Uint8Array.from(rgb) };
  }
  const count = width * height * png.channels;
  let data = png.data;
  if (png.depth < 8 && data.length < count) data = unpackBits(data as Uint8Array, width, height, png.channels, png.depth);
  return { width, height, channels: png.channels, data: to8bit(data, png.depth, count) };
}

/** jpeg-js always yields RGB; a JPEG whose pixels are all gray is reported as one channel. */
function decodeJpegImage(bytes: Uint8Array): DecodedImage {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  const { width, height, data } = img;
  const n = width * height;
  let gray = true;
  for (let i = 0; i < n && gray; i++) gray = data[3 * i] === data[3 * i + 1] && data[3 * i] === data[3 * i + 2];
  if (!gray) return { width, height, channels: 3, data };
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = data[3 * i];
  return { width, height, channels: 1, data: out };
}

export const defaultDecodeImage: ImageDecoder = (bytes, mime) => {
  if (mime === 'image/png') return decodePngImage(bytes);
  if (mime === 'image/jpeg') return decodeJpegImage(bytes);
  throw new Error(`unsupported image type ${mime}`);
};
