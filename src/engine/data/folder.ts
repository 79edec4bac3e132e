import type { FileEntry } from './containers';
import { DatasetError } from './errors';
import { defaultDecodeImage, imageMime, type ImageDecoder } from './images';
import type { RawDataset, RawImage, RawSplit } from './raw';
import { errorMessage } from '../errors';

const SPLIT_DIRS: Record<string, 'train' | 'test'> = {
  train: 'train',
  training: 'train',
  test: 'test',
  testing: 'test',
  val: 'test',
  validation: 'test',
};
/** macOS and editor litter that zips and folders commonly carry. */
const ignored = (path: string) =>
  path.split('/').some((p) => p.startsWith('.') || p === '__MACOSX' || p === 'Thumbs.db' || p === 'desktop.ini');

interface Item {
  path: string;
  bytes: Uint8Array;
  mime: string;
  split: 'train' | 'test';
  className: string;
}

interface Layout {
  items: Item[];
  classNames: string[];
  root: string;
}

export function commonPrefix(paths: string[][]): string[] {
  if (!paths.length) return [];
  let n = 0;
  while (n < paths[0].length && paths.every((p) => p[n] === paths[0][n])) n++;
  return paths[0].slice(0, n);
}

const dirOf = (path: string) => path.split('/').slice(0, -1).join('/');
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const isImageEntry = (f: FileEntry) => !f.name.endsWith('/') && !ignored(f.name) && imageMime(f.name, f.bytes) !== undefined;

/**
 * Class = the folder an image sits in. If those folders sit in train/ and test/ (or val/),
 * those form the splits. A folder beside the class folders that holds no image is an error,
 * since it is almost always a class whose images failed to copy.
 */
export function folderLayout(files: FileEntry[], name: string): Layout {
  const entries = files.filter((f) => !ignored(f.name)).map((f) => ({ ...f, name: f.name.replace(/\\/g, '/').replace(/^\.?\//, '') }));
  const images = entries.filter(isImageEntry).sort((a, b) => cmp(a.name, b.name));
  if (images.length === 0) throw new DatasetError(name, 'empty input: no PNG or JPEG images found');
  const loose = images.find((f) => !f.name.includes('/'));
  if (loose) throw new DatasetError(loose.name, 'image is not inside a class folder (expected <class>/<image>)');

  const classDirs = new Set(images.map((f) => dirOf(f.name)));
  const parents = new Set([...classDirs].map(dirOf));
  const splitOf = (classDir: string) => SPLIT_DIRS[dirOf(classDir).split('/').pop()?.toLowerCase() ?? ''];
  const splitLayout = [...classDirs].every((d) => splitOf(d) !== undefined) && [...classDirs].some((d) => splitOf(d) === 'test');

  for (const f of entries) {
    const dirs = f.name.split('/').slice(0, -1);
    for (let i = 1; i <= dirs.length; i++) {
      const dir = dirs.slice(0, i).join('/');
      if (parents.has(dirOf(dir)) && !classDirs.has(dir) && !parents.has(dir)) {
        throw new DatasetError(`${dir}/`, 'class folder has no images (PNG or JPEG)');
      }
    }
  }

  const items = images.map((f) => {
    const classDir = dirOf(f.name);
    return {
      path: f.name,
      bytes: f.bytes,
      mime: imageMime(f.name, f.bytes)!,
      split: splitLayout ? splitOf(classDir)! : ('train' as const),
      className: classDir.split('/').pop()!,
    };
  });
  const classNames = [...new Set(items.map((i) => i.className))].sort(cmp);
  // Named after the folder that holds the class (or split) folders.
  const common = commonPrefix([...parents].map((p) => p.split('/')));
  const root = (splitLayout && parents.size === 1 ? common.slice(0, -1) : common).pop() ?? '';
  return { items, classNames, root };
}

async function decodeItem(item: Item, decode: ImageDecoder): Promise<RawImage> {
  let img: RawImage;
  try {
    img = await decode(item.bytes, item.mime);
  } catch (e) {
    throw new DatasetError(item.path, `unreadable image (${errorMessage(e)})`);
  }
  if (!(img.width > 0 && img.height > 0) || img.data.length < img.width * img.height * img.channels) {
    throw new DatasetError(
      item.path,
      `unreadable image (decoded to ${img.width}×${img.height}×${img.channels} with ${img.data.length} values)`,
    );
  }
  return img;
}

/** Alpha is dropped, so RGBA counts as colour and gray+alpha as gray. */
const colorChannels = (c: number) => (c >= 3 ? 3 : 1);

/** Native shape comes from the first image (in path order); others are resized and converted to match. */
export async function folderDataset(files: FileEntry[], name: string, decode: ImageDecoder = defaultDecodeImage): Promise<RawDataset> {
  const { items, classNames, root } = folderLayout(files, name);
  const first = await decodeItem(items[0], decode);
  const classIndex = new Map(classNames.map((c, i) => [c, i]));
  const split = (which: 'train' | 'test'): RawSplit | undefined => {
    const chosen = items.filter((i) => i.split === which);
    if (!chosen.length) return undefined;
    return {
      n: chosen.length,
      labels: Int32Array.from(chosen, (i) => classIndex.get(i.className)!),
      image: (k) => (chosen[k] === items[0] ? first : decodeItem(chosen[k], decode)),
    };
  };
  if (classNames.length < 2) throw new DatasetError(name, `only one class folder (${classNames[0]}/); classification needs at least 2`);
  const test = split('test');
  return {
    name: root || name,
    format: 'image-folder',
    size: Math.max(first.width, first.height),
    channels: colorChannels(first.channels),
    numClasses: classNames.length,
    classNames,
    train: split('train')!,
    ...(test ? { test } : {}),
  };
}
