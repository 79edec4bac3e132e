import { FASHION_MNIST_CLASSES } from './classes';
import { idxDataset } from './idx-dataset';
import { checkOptions, finishDataset, type LoadedDataset, type LoadOptions } from './load';
import type { RawDataset } from './raw';
import { expandFiles } from './containers';

/** Where files come from: a folder on disk in Node, a URL prefix in the browser. */
export interface DataSource {
  read(name: string): Promise<Uint8Array>;
  list?(prefix: string): Promise<string[]>;
}

export const FASHION_MNIST_FILES = [
  'fashion-mnist/train-images-idx3-ubyte.gz',
  'fashion-mnist/train-labels-idx1-ubyte.gz',
  'fashion-mnist/t10k-images-idx3-ubyte.gz',
  'fashion-mnist/t10k-labels-idx1-ubyte.gz',
];

export const FASHION_MNIST_SHAPE = { size: 28, channels: 1, numClasses: 10 };

/** Files relative to a base URL; works in the page, in a worker and in Node 20. */
export function fetchSource(baseUrl: string): DataSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    async read(name) {
      const res = await fetch(new URL(name, new URL(base, (globalThis as { location?: { href: string } }).location?.href)));
      if (!res.ok) throw new Error(`${name}: HTTP ${res.status} ${res.statusText}`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

export async function readFashionMnist(source: DataSource): Promise<RawDataset> {
  // Read in parallel, but report the first failure in file order, whichever finished first.
  const settled = await Promise.allSettled(FASHION_MNIST_FILES.map(async (name) => ({ name, bytes: await source.read(name) })));
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  const files = settled.map((r) => (r as PromiseFulfilledResult<{ name: string; bytes: Uint8Array }>).value);
  return { ...idxDataset(expandFiles(files), 'fashion-mnist', FASHION_MNIST_CLASSES), format: 'fashion-mnist' };
}

export async function loadFashionMnist(source: DataSource, opts: LoadOptions): Promise<LoadedDataset> {
  checkOptions(opts);
  opts.onProgress?.(0, 'reading fashion-mnist');
  return finishDataset(await readFashionMnist(source), opts);
}
