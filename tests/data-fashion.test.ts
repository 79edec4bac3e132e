import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'fflate';
import { parseIdx } from '../src/engine/data/idx';
import { BUNDLED_DATA_DIR, loadDatasetNode, peekDatasetNode } from '../src/cli/node-data';
import { datasetInfo, FASHION_MNIST_CLASSES, fetchSource, loadFashionMnist } from '../src/engine/data';

const opts = { size: 32, trainSamples: 300, testSamples: 100, seed: 7 };

describe('bundled Fashion-MNIST', () => {
  it('holds 1200 training and 200 test images of each class at 28×28', async () => {
    for (const [prefix, per] of [
      ['train', 1200],
      ['t10k', 200],
    ] as const) {
      const read = async (f: string) => parseIdx(f, gunzipSync(new Uint8Array(await readFile(join(BUNDLED_DATA_DIR, 'fashion-mnist', f)))));
      const images = await read(`${prefix}-images-idx3-ubyte.gz`);
      const labels = await read(`${prefix}-labels-idx1-ubyte.gz`);
      expect(images).toMatchObject({ kind: 'images', count: per * 10, rows: 28, cols: 28 });
      if (labels.kind !== 'labels') throw new Error('expected labels');
      expect([...Array(10).keys()].map((c) => labels.labels.filter((l) => l === c).length)).toEqual(new Array(10).fill(per));
    }
  });

  it('loads class-balanced, resized and normalised from public/data', async () => {
    const d = await loadDatasetNode('fashion-mnist', opts);
    expect(BUNDLED_DATA_DIR.replace(/\\/g, '/')).toMatch(/public\/data\/$/);
    const info = datasetInfo(d);
    expect(info).toMatchObject({
      name: 'fashion-mnist',
      size: 32,
      channels: 1,
      numClasses: 10,
      classNames: FASHION_MNIST_CLASSES,
      format: 'fashion-mnist',
    });
    expect(info.trainCounts).toEqual(new Array(10).fill(30));
    expect(info.testCounts).toEqual(new Array(10).fill(10));
    expect(d.train.x.length).toBe(300 * 32 * 32);
    expect(d.test.x.length).toBe(100 * 32 * 32);
    expect(d.native).toEqual({ size: 28, channels: 1 });
    let sum = 0;
    let sq = 0;
    for (const v of d.train.x) (sum += v), (sq += v * v);
    expect(sum / d.train.x.length).toBeCloseTo(0, 5);
    expect(sq / d.train.x.length).toBeCloseTo(1, 4);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await loadDatasetNode('fashion-mnist', opts);
    const b = await loadDatasetNode('fashion-mnist', opts);
    const c = await loadDatasetNode('fashion-mnist', { ...opts, seed: 8 });
    expect(b.train.y).toEqual(a.train.y);
    expect(b.train.x).toEqual(a.train.x);
    expect(c.train.y).not.toEqual(a.train.y);
  });

  it('converts to RGB when asked and reports its native shape', async () => {
    const d = await loadDatasetNode('fashion-mnist', { ...opts, size: 28, channels: 3, trainSamples: 20, testSamples: 10 });
    expect(d.channels).toBe(3);
    expect(d.train.x.length).toBe(20 * 28 * 28 * 3);
    expect(d.train.x[0]).toBe(d.train.x[1]);
    expect(await peekDatasetNode('fashion-mnist')).toEqual({ size: 28, channels: 1, numClasses: 10 });
  });

  it('loads the same data over HTTP, as the studio does, and names a missing file', async () => {
    const server = createServer((req, res) => {
      readFile(join(BUNDLED_DATA_DIR, decodeURIComponent(req.url!.replace(/^\/data\//, '')))).then(
        (b) => res.end(b),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`;
      const small = { ...opts, trainSamples: 50, testSamples: 20 };
      const viaHttp = await loadFashionMnist(fetchSource(base), small);
      const viaDisk = await loadDatasetNode('fashion-mnist', small);
      expect(viaHttp.train.x).toEqual(viaDisk.train.x);
      expect(viaHttp.test.y).toEqual(viaDisk.test.y);
      await expect(loadFashionMnist(fetchSource(`${base}/missing`), small)).rejects.toThrow(
        /fashion-mnist\/train-images-idx3-ubyte\.gz: HTTP 404/,
      );
    } finally {
      server.close();
    }
  });
});
