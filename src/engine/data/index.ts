/** Datasets for the search: the bundled Fashion-MNIST subset and user files in IDX, CIFAR or image-folder form. */
import { cifarDataset } from './cifar';
import { expandFiles, type FileEntry } from './containers';
import { describeInput, detectExpanded } from './detect';
import { FASHION_MNIST_SHAPE } from './fashion';
import { commonPrefix, folderDataset } from './folder';
import { idxDataset } from './idx-dataset';
import { checkOptions, finishDataset, type LoadedDataset, type LoadOptions } from './load';
import type { RawDataset } from './raw';

export { FASHION_MNIST_CLASSES, CIFAR10_CLASSES, CIFAR100_CLASSES } from './classes';
export { DatasetError } from './errors';
export { detectFormat, type DatasetFormat } from './detect';
export { datasetInfo, previewGrid, type DatasetInfo, type PreviewGrid } from './info';
export { defaultDecodeImage, type DecodedImage, type ImageDecoder } from './images';
export { loadFashionMnist, readFashionMnist, fetchSource, FASHION_MNIST_FILES, type DataSource } from './fashion';
export { finishDataset, type LoadOptions, type LoadedDataset } from './load';
export type { RawDataset } from './raw';
export type { Fit, Normalization } from './preprocess';
export type { FileEntry } from './containers';

/** The data's own shape, for building the search space before anything is resized. */
export interface NativeShape {
  size: number;
  channels: number;
  numClasses: number;
}

async function rawFromFiles(files: FileEntry[], opts: Pick<LoadOptions, 'decodeImage' | 'onProgress'>): Promise<RawDataset> {
  const what = describeInput(files);
  opts.onProgress?.(0, `unpacking ${what}`);
  const { format, files: used } = detectExpanded(expandFiles(files), what);
  const dirs = commonPrefix(files.map((f) => f.name.split('/').slice(0, -1)));
  const base =
    files.length === 1
      ? files[0].name
          .split('/')
          .pop()!
          .replace(/\.(zip|tgz|tar\.gz|tar|gz)$/i, '')
      : (dirs.pop() ?? 'dataset');
  if (format === 'idx') return idxDataset(used, base);
  if (format === 'image-folder') return folderDataset(used, base, opts.decodeImage);
  return cifarDataset(used, format);
}

/** Unpacks and parses without resizing, so one upload can be finished at several sizes; images decode lazily. */
export async function readDatasetFiles(
  files: FileEntry[],
  opts: Pick<LoadOptions, 'decodeImage' | 'onProgress'> = {},
): Promise<RawDataset> {
  return rawFromFiles(files, opts);
}

export async function loadDatasetFiles(files: FileEntry[], opts: LoadOptions): Promise<LoadedDataset> {
  checkOptions(opts);
  return finishDataset(await rawFromFiles(files, opts), opts);
}

export async function peekDataset(input: FileEntry[] | 'fashion-mnist', opts: Pick<LoadOptions, 'decodeImage'> = {}): Promise<NativeShape> {
  if (input === 'fashion-mnist') return { ...FASHION_MNIST_SHAPE };
  const raw = await rawFromFiles(input, opts);
  return { size: raw.size, channels: raw.channels, numClasses: raw.numClasses };
}
