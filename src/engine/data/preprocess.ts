import type { Rng } from '../rng';
import type { Split } from './dataset';
import type { RawImage, RawSplit } from './raw';

export type Fit = 'resize' | 'pad';

/**
 * Class-balanced, seeded pick of `n` indices: classes take turns, so each gets ⌊n/k⌋ or one more
 * unless it runs out, and the spare share goes to the others. The result is shuffled so batches mix classes.
 */
export function balancedSample(labels: Int32Array, n: number, rng: Rng, exclude?: Set<number>): number[] {
  const byClass = new Map<number, number[]>();
  labels.forEach((l, i) => {
    if (exclude?.has(i)) return;
    let list = byClass.get(l);
    if (!list) byClass.set(l, (list = []));
    list.push(i);
  });
  const pools = [...byClass.keys()].sort((a, b) => a - b).map((c) => rng.shuffle(byClass.get(c)!));
  const out: number[] = [];
  for (let round = 0; out.length < n; round++) {
    let took = false;
    for (const p of pools) {
      if (round < p.length && out.length < n) {
        out.push(p[round]);
        took = true;
      }
    }
    if (!took) break;
  }
  return rng.shuffle(out);
}

/** Bilinear with half-pixel centres (tf.image.resizeBilinear's convention), per channel. */
export function resizeBilinear(img: RawImage, w: number, h: number): RawImage {
  if (img.width === w && img.height === h) return img;
  const { width: sw, height: sh, channels: c, data } = img;
  const out = new Uint8Array(w * h * c);
  const sx = sw / w;
  const sy = sh / h;
  for (let y = 0; y < h; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), sh - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, sh - 1);
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), sw - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, sw - 1);
      const tx = fx - x0;
      for (let k = 0; k < c; k++) {
        const a = data[(y0 * sw + x0) * c + k];
        const b = data[(y0 * sw + x1) * c + k];
        const d = data[(y1 * sw + x0) * c + k];
        const e = data[(y1 * sw + x1) * c + k];
        const top = a + (b - a) * tx;
        const bot = d + (e - d) * tx;
        out[(y * w + x) * c + k] = Math.round(top + (bot - top) * ty);
      }
    }
  }
  return { width: w, height: h, channels: c, data: out };
}

/** Centres the image on a zero canvas; a side larger than the target is resized instead, keeping aspect. */
export function pad(img: RawImage, size: number): RawImage {
  if (img.width > size || img.height > size) {
    const s = size / Math.max(img.width, img.height);
    img = resizeBilinear(img, Math.max(1, Math.round(img.width * s)), Math.max(1, Math.round(img.height * s)));
  }
  if (img.width === size && img.height === size) return img;
  const c = img.channels;
  const out = new Uint8Array(size * size * c);
  const ox = (size - img.width) >> 1;
  const oy = (size - img.height) >> 1;
  for (let y = 0; y < img.height; y++) {
    out.set(img.data.subarray(y * img.width * c, (y + 1) * img.width * c), ((y + oy) * size + ox) * c);
  }
  return { width: size, height: size, channels: c, data: out };
}

/** Drops alpha, then converts between gray (ITU-R 601 luma) and RGB. */
export function toChannels(img: RawImage, channels: number): RawImage {
  const { width, height, channels: c, data } = img;
  const color = c >= 3 ? 3 : 1;
  if (c === channels) return img;
  const n = width * height;
  const out = new Uint8Array(n * channels);
  for (let i = 0; i < n; i++) {
    const p = i * c;
    if (channels === 1) {
      out[i] = color === 1 ? data[p] : Math.round(0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2]);
    } else {
      for (let k = 0; k < channels; k++) out[i * channels + k] = color === 1 ? data[p] : data[p + Math.min(k, 2)];
    }
  }
  return { width, height, channels, data: out };
}

export interface Shaped {
  size: number;
  channels: number;
  fit: Fit;
}

/** Brings the chosen images to the target shape as uint8 HWC, one image after another. */
export async function gather(
  split: RawSplit,
  indices: number[],
  shape: Shaped,
  onImage?: (done: number) => void,
): Promise<{ pixels: Uint8Array; labels: Int32Array }> {
  const { size, channels, fit } = shape;
  const per = size * size * channels;
  const pixels = new Uint8Array(indices.length * per);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    let img = toChannels(await split.image(indices[i]), channels);
    img = fit === 'pad' ? pad(img, size) : resizeBilinear(img, size, size);
    pixels.set(img.data, i * per);
    labels[i] = split.labels[indices[i]];
    onImage?.(i + 1);
  }
  return { pixels, labels };
}

export interface Normalization {
  mean: number[];
  std: number[];
}

/** Per-channel mean and standard deviation of pixel/255. */
export function channelStats(pixels: Uint8Array, channels: number): Normalization {
  const sum = new Float64Array(channels);
  const sq = new Float64Array(channels);
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i] / 255;
    sum[i % channels] += v;
    sq[i % channels] += v * v;
  }
  const n = pixels.length / channels || 1;
  const mean = Array.from(sum, (s) => s / n);
  // A constant channel has std 0; dividing by 1 keeps it finite (and zero after centring).
  const std = Array.from(sq, (s, k) => Math.sqrt(Math.max(s / n - mean[k] ** 2, 0)) || 1);
  return { mean, std };
}

export function normalize(pixels: Uint8Array, labels: Int32Array, norm: Normalization): Split {
  const c = norm.mean.length;
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const k = i % c;
    x[i] = (pixels[i] / 255 - norm.mean[k]) / norm.std[k];
  }
  return { x, y: labels, n: labels.length };
}
