import { encode as encodePng } from 'fast-png';
import { gzipSync } from 'fflate';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { expandFiles, untar } from '../src/engine/data/containers';
import { defaultDecodeImage, imageMime } from '../src/engine/data/images';
import { balancedSample, channelStats, normalize, pad, resizeBilinear, toChannels } from '../src/engine/data/preprocess';
import { datasetInfo, previewGrid } from '../src/engine/data';
import { Rng } from '../src/engine/rng';

const img = (width: number, height: number, channels: number, values: number[]) => ({
  width,
  height,
  channels,
  data: Uint8Array.from(values),
});

describe('resizing and channels', () => {
  it('bilinear uses half-pixel centres, up and down', () => {
    expect([...resizeBilinear(img(2, 1, 1, [0, 100]), 4, 1).data]).toEqual([0, 25, 75, 100]);
    expect([...resizeBilinear(img(4, 1, 1, [0, 40, 80, 120]), 2, 1).data]).toEqual([20, 100]);
    const rgb = resizeBilinear(img(1, 2, 3, [0, 10, 20, 100, 110, 120]), 1, 4);
    expect([...rgb.data]).toEqual([0, 10, 20, 25, 35, 45, 75, 85, 95, 100, 110, 120]);
  });

  it('pad centres smaller images and shrinks larger ones first', () => {
    expect([...pad(img(1, 1, 1, [9]), 3).data]).toEqual([0, 0, 0, 0, 9, 0, 0, 0, 0]);
    const big = pad(img(4, 2, 1, [10, 10, 10, 10, 10, 10, 10, 10]), 2);
    expect(big).toMatchObject({ width: 2, height: 2 });
    expect([...big.data]).toEqual([10, 10, 0, 0]);
  });

  it('converts gray to RGB, RGB to luma, and drops alpha', () => {
    expect([...toChannels(img(1, 1, 1, [7]), 3).data]).toEqual([7, 7, 7]);
    expect([...toChannels(img(1, 1, 3, [100, 200, 50]), 1).data]).toEqual([Math.round(0.299 * 100 + 0.587 * 200 + 0.114 * 50)]);
    expect([...toChannels(img(1, 1, 4, [1, 2, 3, 4]), 3).data]).toEqual([1, 2, 3]);
    expect([...toChannels(img(1, 1, 2, [5, 255]), 1).data]).toEqual([5]);
  });
});

describe('sampling and normalisation', () => {
  const labels = Int32Array.from({ length: 40 }, (_, i) => (i < 30 ? i % 3 : 3)); // classes 0–2: 10 each, class 3: 10

  it("takes classes in turn, gives a short class's share to the others, and is seeded", () => {
    const pick = balancedSample(labels, 20, Rng.fromSeed(5));
    const count = (p: number[], l = labels) => [0, 1, 2, 3].map((c) => p.filter((i) => l[i] === c).length);
    expect(count(pick)).toEqual([5, 5, 5, 5]);
    expect(new Set(pick).size).toBe(20);
    expect(balancedSample(labels, 20, Rng.fromSeed(5))).toEqual(pick);
    expect(balancedSample(labels, 20, Rng.fromSeed(6))).not.toEqual(pick);
    const skewed = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1]);
    expect(count(balancedSample(skewed, 6, Rng.fromSeed(1)), skewed).slice(0, 2)).toEqual([4, 2]);
    const rest = balancedSample(labels, 100, Rng.fromSeed(1), new Set(pick));
    expect(rest.length).toBe(20);
    expect(rest.some((i) => pick.includes(i))).toBe(false);
  });

  it('normalises each channel to zero mean and unit variance', () => {
    const px = Uint8Array.from([0, 255, 255, 255, 0, 255, 255, 255]); // channel 0 varies, channel 1 constant
    const norm = channelStats(px, 2);
    expect(norm.mean).toEqual([0.5, 1]);
    expect(norm.std[0]).toBeCloseTo(0.5, 10);
    expect(norm.std[1]).toBe(1);
    const s = normalize(px, Int32Array.from([0, 1]), norm);
    expect([...s.x]).toEqual([-1, 0, 1, 0, -1, 0, 1, 0]);
  });
});

describe('preview and info', () => {
  it('lays out per-class tiles, undoing normalisation, with -1 where a class runs short', () => {
    const x = Float32Array.from([-1, 1, 0, 0.5]); // 4 images of 1×1×1
    const d = {
      name: 't',
      size: 1,
      channels: 1,
      numClasses: 3,
      classNames: ['a', 'b', 'c'],
      train: { x, y: Int32Array.from([1, 0, 1, 1]), n: 4 },
      test: { x: new Float32Array(1), y: Int32Array.from([2]), n: 1 },
      normalization: { mean: [0.5], std: [0.25] },
    };
    const g = previewGrid(d, 2);
    expect(g).toMatchObject({ width: 3, height: 5, rows: 3, cols: 2, indices: [1, -1, 0, 2, -1, -1], labels: ['a', 'b', 'c'] });
    const at = (tx: number, ty: number) => [...g.data.subarray((ty * 2 * 3 + tx * 2) * 4, (ty * 2 * 3 + tx * 2) * 4 + 4)];
    expect(at(0, 0)).toEqual([191, 191, 191, 255]); // (1·0.25 + 0.5)·255
    expect(at(0, 1)).toEqual([64, 64, 64, 255]);
    expect(at(1, 0)).toEqual([0, 0, 0, 0]);
    expect(datasetInfo(d)).toEqual({
      name: 't',
      size: 1,
      channels: 1,
      numClasses: 3,
      classNames: ['a', 'b', 'c'],
      trainCounts: [1, 3, 0],
      testCounts: [0, 0, 1],
    });
  });
});

describe('containers and decoding', () => {
  function tarHeader(name: string, size: number, type: string): Uint8Array {
    const h = new Uint8Array(512);
    const put = (s: string, at: number) => h.set(new TextEncoder().encode(s), at);
    put(name, 0);
    put(`${size.toString(8).padStart(11, '0')}\0`, 124);
    put(type, 156);
    put('ustar\0', 257);
    h.fill(32, 148, 156);
    put(
      `${h
        .reduce((s, v) => s + v, 0)
        .toString(8)
        .padStart(6, '0')}\0 `,
      148,
    );
    return h;
  }
  const block = (s: string) => {
    const b = new Uint8Array(512);
    b.set(new TextEncoder().encode(s));
    return b;
  };

  it('reads GNU long names from tar and reports a bad header checksum', () => {
    const long = `${'d'.repeat(120)}/f.txt`;
    const parts = [
      tarHeader('././@LongLink', long.length, 'L'),
      block(long),
      tarHeader('short', 2, '0'),
      block('hi'),
      new Uint8Array(1024),
    ];
    const tar = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    parts.reduce((at, p) => (tar.set(p, at), at + p.length), 0);
    const files = untar('a.tar', tar);
    expect(files.map((f) => [f.name, new TextDecoder().decode(f.bytes)])).toEqual([[long, 'hi']]);
    tar[1024 + 148] = 0x37;
    expect(() => untar('a.tar', tar)).toThrow('a.tar (offset 1024): corrupt tar header (bad size or checksum)');
  });

  it('unwraps gzip by content and drops the .gz from the member name', () => {
    const out = expandFiles([{ name: 'x/labels.gz', bytes: gzipSync(Uint8Array.from([1, 2, 3])) }]);
    expect(out).toEqual([{ name: 'x/labels', bytes: Uint8Array.from([1, 2, 3]) }]);
  });

  it('decodes 16-bit and palette PNGs to 8 bits, and gray JPEGs to one channel', () => {
    const png16 = encodePng({ width: 2, height: 1, channels: 1, depth: 16, data: Uint16Array.from([0x1234, 0xff00]) });
    expect(defaultDecodeImage(png16, 'image/png')).toEqual({ width: 2, height: 1, channels: 1, data: Uint8Array.from([0x12, 0xff]) });
    const pal = encodePng({
      width: 2,
      height: 1,
      channels: 1,
      depth: 8,
      data: Uint8Array.from([1, 0]),
      palette: [
        [10, 20, 30],
        [40, 50, 60],
      ],
    });
    expect(defaultDecodeImage(pal, 'image/png')).toMatchObject({ channels: 3, data: Uint8Array.from([40, 50, 60, 10, 20, 30]) });
    const gray = new Uint8Array(8 * 8 * 4).fill(128);
    const jpg = new Uint8Array(jpeg.encode({ width: 8, height: 8, data: gray }, 95).data);
    expect(imageMime('whatever.bin', jpg)).toBe('image/jpeg');
    const d = defaultDecodeImage(jpg, 'image/jpeg') as { channels: number; data: Uint8Array };
    expect(d.channels).toBe(1);
    expect(Math.abs(d.data[0] - 128)).toBeLessThanOrEqual(2);
  });
});
