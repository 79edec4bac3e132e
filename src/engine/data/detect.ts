import { cifarKind } from './cifar';
import { expandFiles, type FileEntry } from './containers';
import { DatasetError } from './errors';
import { isImageEntry } from './folder';
import { looksLikeIdx } from './idx-dataset';

export type DatasetFormat = 'idx' | 'cifar-10' | 'cifar-100' | 'image-folder';

export const FORMAT_HINT =
  'expected IDX image/label files, CIFAR-10/100 binary batches, or class sub-folders of PNG/JPEG images (as files, .zip, .tar or .tar.gz)';

/** Detects on files already unpacked by expandFiles; returns the files that format uses. */
export function detectExpanded(files: FileEntry[], what: string): { format: DatasetFormat; files: FileEntry[] } {
  if (files.length === 0 || files.every((f) => f.bytes.length === 0 && !f.name.endsWith('/'))) {
    throw new DatasetError(what, 'empty input: no files, or only empty ones');
  }
  const idx = files.filter(looksLikeIdx);
  if (idx.length) return { format: 'idx', files: idx };
  const bins = files.map((f) => [f, cifarKind(f)] as const).filter(([, k]) => k);
  if (bins.length) {
    const kinds = new Set(bins.map(([, k]) => k));
    if (kinds.size > 1) throw new DatasetError(what, 'a mix of CIFAR-10 and CIFAR-100 batch files');
    return { format: bins[0][1]!, files: bins.map(([f]) => f) };
  }
  if (files.some(isImageEntry)) return { format: 'image-folder', files };
  const names =
    files
      .slice(0, 5)
      .map((f) => f.name)
      .join(', ') + (files.length > 5 ? `, … (${files.length} files)` : '');
  throw new DatasetError(what, `unrecognised dataset in ${names}: ${FORMAT_HINT}`);
}

export const describeInput = (files: { name: string }[]) =>
  files.length === 1 ? files[0].name : files.length ? `${files.length} files` : '(no files)';

/** By content: archive signatures are unpacked first, then IDX magic numbers, CIFAR record sizes, image signatures. */
export function detectFormat(files: FileEntry[]): DatasetFormat {
  return detectExpanded(expandFiles(files), describeInput(files)).format;
}
