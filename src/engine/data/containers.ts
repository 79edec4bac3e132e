import { gunzipSync, unzipSync } from 'fflate';
import { DatasetError } from './errors';
import { errorMessage } from '../errors';

export interface FileEntry {
  name: string;
  bytes: Uint8Array;
}

export const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
export const isZip = (b: Uint8Array) =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);
/** ustar magic at 257; old-style tars lack it, so a valid header checksum also counts. */
export function isTar(b: Uint8Array): boolean {
  if (b.length < 512) return false;
  if (ascii(b, 257, 5) === 'ustar') return true;
  const stored = parseOctal(b, 148, 8);
  return stored !== undefined && stored === headerChecksum(b, 0) && b[0] !== 0;
}

export function gunzip(name: string, bytes: Uint8Array): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new DatasetError(name, `corrupt gzip data (${errorMessage(e)})`);
  }
}

function ascii(b: Uint8Array, start: number, len: number): string {
  let s = '';
  for (let i = start; i < start + len && b[i] !== 0; i++) s += String.fromCharCode(b[i]);
  return s;
}

function parseOctal(b: Uint8Array, start: number, len: number): number | undefined {
  const s = ascii(b, start, len).trim();
  if (!/^[0-7]+$/.test(s)) return undefined;
  return parseInt(s, 8);
}

function headerChecksum(b: Uint8Array, at: number): number {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : b[at + i];
  return sum;
}

/** Regular files of a tar archive; GNU long names and pax paths are honoured, other entry types skipped. */
export function untar(name: string, b: Uint8Array): FileEntry[] {
  const out: FileEntry[] = [];
  const utf8 = new TextDecoder();
  let longName: string | undefined;
  let at = 0;
  while (at + 512 <= b.length) {
    if (b[at] === 0) break; // end-of-archive block
    const size = parseOctal(b, at + 124, 12);
    if (size === undefined || parseOctal(b, at + 148, 8) !== headerChecksum(b, at)) {
      throw new DatasetError(name, 'corrupt tar header (bad size or checksum)', { offset: at });
    }
    const type = String.fromCharCode(b[at + 156] || 0x30);
    const dataStart = at + 512;
    if (dataStart + size > b.length) {
      throw new DatasetError(name, `truncated tar entry: needs ${size} bytes, ${b.length - dataStart} remain`, { offset: at });
    }
    const data = b.subarray(dataStart, dataStart + size);
    if (type === 'L') {
      longName = ascii(data, 0, data.length);
    } else if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(utf8.decode(data));
      if (m) longName = m[1];
    } else {
      const prefix = ascii(b, at + 345, 155);
      const path = longName ?? (prefix ? `${prefix}/${ascii(b, at, 100)}` : ascii(b, at, 100));
      longName = undefined;
      if (type === '0' || type === '7') out.push({ name: path, bytes: data });
      else if (type === '5') out.push({ name: path.endsWith('/') ? path : `${path}/`, bytes: new Uint8Array(0) });
    }
    at = dataStart + Math.ceil(size / 512) * 512;
  }
  return out;
}

export function unzip(name: string, b: Uint8Array): FileEntry[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(b);
  } catch (e) {
    throw new DatasetError(name, `corrupt zip archive (${errorMessage(e)})`);
  }
  return Object.keys(files)
    .sort()
    .map((n) => ({ name: n, bytes: files[n] }));
}

const stripGz = (n: string) => n.replace(/\.(t?gz)$/i, (_, ext: string) => (ext.toLowerCase() === 'tgz' ? '.tar' : ''));

/**
 * Flattens archives (gzip, tar, zip, nested) into their member files, so format detection
 * only ever looks at plain files. Member names keep the archive's inner paths.
 */
export function expandFiles(files: FileEntry[]): FileEntry[] {
  const out: FileEntry[] = [];
  const visit = (f: FileEntry, depth: number) => {
    if (depth > 4) throw new DatasetError(f.name, 'archives nested too deeply');
    if (isGzip(f.bytes)) return visit({ name: stripGz(f.name), bytes: gunzip(f.name, f.bytes) }, depth + 1);
    if (isZip(f.bytes)) return unzip(f.name, f.bytes).forEach((e) => visit(e, depth + 1));
    if (isTar(f.bytes)) return untar(f.name, f.bytes).forEach((e) => visit(e, depth + 1));
    out.push(f);
  };
  for (const f of files) visit(f, 0);
  return out;
}
