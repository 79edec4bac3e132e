import { DatasetError } from './errors';
import type { FileEntry } from './containers';
import { hasIdxMagic, parseIdx, type IdxImages, type IdxLabels } from './idx';
import { packedSplit, type RawDataset, type RawSplit } from './raw';

export const looksLikeIdx = (f: FileEntry) => hasIdxMagic(f.bytes) || /idx[13]-ubyte$|\.idx[13]?$/i.test(f.name);
const isTestName = (name: string) => /t10k|test/i.test(name.split('/').pop() ?? name);

interface Pair {
  images?: { file: string; data: IdxImages };
  labels?: { file: string; data: IdxLabels };
}

function pairUp(files: FileEntry[]): { train: Pair; test: Pair } {
  const roles = { train: {} as Pair, test: {} as Pair };
  for (const f of files) {
    const role = isTestName(f.name) ? roles.test : roles.train;
    const data = parseIdx(f.name, f.bytes);
    const other = role[data.kind];
    if (other) throw new DatasetError(f.name, `a second IDX ${data.kind} file for the same split (the first is ${other.file})`);
    if (data.kind === 'images') role.images = { file: f.name, data };
    else role.labels = { file: f.name, data };
  }
  return roles;
}

function toSplit(p: Pair, which: string): RawSplit | undefined {
  if (!p.images && !p.labels) return undefined;
  if (!p.images) throw new DatasetError(p.labels!.file, `IDX labels without a matching ${which} images file`);
  if (!p.labels) throw new DatasetError(p.images.file, `IDX images without a matching ${which} labels file`);
  const { images, labels } = p;
  if (images.data.count !== labels.data.count) {
    throw new DatasetError(images.file, `mismatched counts: ${images.data.count} images but ${labels.data.count} labels in ${labels.file}`);
  }
  return packedSplit(images.data.pixels, labels.data.labels, images.data.rows, images.data.cols, 1);
}

/** IDX image/label pairs; files with "t10k" or "test" in their name form the test part. */
export function idxDataset(files: FileEntry[], name: string, classNames?: string[]): RawDataset {
  const roles = pairUp(files);
  let train = toSplit(roles.train, 'training');
  let test = toSplit(roles.test, 'test');
  if (!train) [train, test] = [test, undefined];
  if (!train) throw new DatasetError(name, 'empty input: no IDX files');
  const images = (roles.train.images ?? roles.test.images)!.data;
  if (test && (roles.test.images!.data.rows !== images.rows || roles.test.images!.data.cols !== images.cols)) {
    throw new DatasetError(
      roles.test.images!.file,
      `test images are ${roles.test.images!.data.rows}×${roles.test.images!.data.cols}, training images ${images.rows}×${images.cols}`,
    );
  }
  let max = -1;
  for (const s of [train, test]) s?.labels.forEach((l) => (max = Math.max(max, l)));
  const numClasses = Math.max(classNames?.length ?? 0, max + 1);
  if (numClasses < 2)
    throw new DatasetError(roles.train.labels?.file ?? name, `labels name only ${numClasses} class; classification needs at least 2`);
  return {
    name,
    format: 'idx',
    size: Math.max(images.rows, images.cols),
    channels: 1,
    numClasses,
    classNames,
    train,
    ...(test ? { test } : {}),
  };
}
