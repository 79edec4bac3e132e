import { describe, expect, it } from 'vitest';
import { BUNDLED_DATA_DIR, loadDatasetNode, peekDatasetNode } from '../src/cli/node-data';
import { datasetInfo, FASHION_MNIST_CLASSES, type LoadedDataset } from '../src/engine/data';

const opts = { size: 32, trainSamples: 300, testSamples: 100, seed: 7 };

describe('bundled Fashion-MNIST', () => {
  it('loads class-balanced, resized and normalised from public/data', async () => {
    const d = (await loadDatasetNode('fashion-mnist', opts)) as LoadedDataset;
    expect(BUNDLED_DATA_DIR.replace(/\\/g, '/')).toMatch(/public\/data\/$/);
    const info = datasetInfo(d);
    expect(info).toMatchObject({ name: 'fashion-mnist', size: 32, channels: 1, numClasses: 10, classNames: FASHION_MNIST_CLASSES, format: 'fashion-mnist' });
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
});
