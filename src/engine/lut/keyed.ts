import { BLOCK_NAMES, isBlockName, type BlockName } from '../space/blocks';
import { layerShapes, type Space } from '../space/space';
import type { Csv, CsvRow } from './csv';
import type { IssueList } from './errors';
import { findColumn, isFixedName, latencySource, readInt, readLatency } from './formats';
import type { CellGrid } from './grid';
import { blockKey, canonicalKey, describeShape, fixedKey, spaceKeys } from './match';

interface KeyedCell {
  ms: number;
  line: number;
  column: string;
}

/** A row's shape key (HW-NAS-Bench spelling), or null after recording why not. */
type KeyReader = (row: CsvRow) => string | null;

function lutKeyReader(csv: Csv, issues: IssueList): KeyReader {
  const col = findColumn(csv, 'key')!;
  return (row) => {
    const r = canonicalKey(row.cells[col] ?? '');
    if ('error' in r) {
      issues.add(row.cells[col] ? r.error : 'lut_key is missing', row.line, csv.labels[col]);
      return null;
    }
    return r.key;
  };
}

function blockFromParts(k: string, e: string, g: string): string {
  return `k${k}_e${e}${g && g !== '1' ? `_g${g}` : ''}`;
}

function signatureReader(csv: Csv, issues: IssueList): KeyReader {
  const col = (f: Parameters<typeof findColumn>[1]) => findColumn(csv, f);
  const [blockCol, opCol, kCol, eCol, gCol] = [col('block'), col('op'), col('kernel'), col('expansion'), col('group')];
  const int = (row: CsvRow, c: string | undefined, what: string) => (c ? readInt(csv, row, c, what, issues) : null);
  return (row) => {
    const op = opCol ? row.cells[opCol].toLowerCase() : '';
    let name = blockCol ? row.cells[blockCol].toLowerCase() : '';
    if (!name && (op === 'skip' || op === 'skip_projection')) name = 'skip';
    if (!name && kCol && eCol && row.cells[kCol] && row.cells[eCol]) {
      name = blockFromParts(row.cells[kCol], row.cells[eCol], gCol ? row.cells[gCol] : '');
    }
    const at = blockCol ?? kCol;
    if (!name) {
      issues.add('block is missing (give a block name, or kernel and expansion)', row.line, at && csv.labels[at]);
      return null;
    }
    const h = int(row, col('inputSize'), 'input size');
    const cIn = int(row, col('cIn'), 'in channels');
    const cOut = int(row, col('cOut'), 'out channels');
    if (isFixedName(name)) {
      const kernel = kCol && row.cells[kCol] ? Number(row.cells[kCol]) : name === 'stem' ? 3 : name === 'avgpool' ? h : 1;
      const stride = col('stride') && row.cells[col('stride')!] ? Number(row.cells[col('stride')!]) : 1;
      if (h == null || cIn == null || cOut == null || kernel == null) return null;
      const key = fixedKey(name, { h, cIn, cOut, kernel, stride });
      if (!key)
        issues.add(`fixed op "${name}" cannot be matched by shape; use stem, head_conv1x1, avgpool or fc`, row.line, at && csv.labels[at]);
      return key ?? null;
    }
    if (!isBlockName(name)) {
      issues.add(`unknown block "${name}" (expected one of ${BLOCK_NAMES.join(', ')})`, row.line, at && csv.labels[at]);
      return null;
    }
    const stride = int(row, col('stride'), 'stride');
    if (h == null || cIn == null || cOut == null || stride == null) return null;
    return blockKey(name as BlockName, h, cIn, cOut, stride);
  };
}

/**
 * Shape-keyed rows looked up for each (layer, block) of the space. Rows for shapes the space
 * does not have are reported as a warning; allowed cells with no row are errors (via reportMissing).
 */
export function readKeyed(csv: Csv, grid: CellGrid, issues: IssueList, warnings: string[], bySignature: boolean): void {
  const readKey = bySignature ? signatureReader(csv, issues) : lutKeyReader(csv, issues);
  const src = latencySource(csv)!;
  const byKey = new Map<string, KeyedCell>();
  for (const row of csv.rows) {
    const key = readKey(row);
    const ms = readLatency(csv, row, src, issues);
    if (key == null || ms == null) continue;
    const prev = byKey.get(key);
    if (prev && prev.ms !== ms) {
      issues.add(`conflicting duplicate for ${key}: ${ms} ms here, ${prev.ms} ms on line ${prev.line}`, row.line, csv.labels[src.column]);
    } else if (!prev) {
      byKey.set(key, { ms, line: row.line, column: csv.labels[src.column] });
    }
  }
  const keys = spaceKeys(grid.space);
  const used = new Set<string>();
  keys.layers.forEach((row, l) =>
    row.forEach((k, b) => {
      const c = byKey.get(k);
      if (c) {
        grid.set(l, b, c.ms, c.line, c.column);
        used.add(k);
      }
    }),
  );
  for (const [name, k] of Object.entries(keys.fixed)) {
    const c = byKey.get(k);
    if (c) {
      grid.setFixed(name, c.ms, c.line, c.column);
      used.add(k);
    } else {
      warnings.push(`fixed op ${name} (${k}) is not in the table; the fixed cost leaves it out`);
    }
  }
  const unused = [...byKey.entries()].filter(([k]) => !used.has(k));
  if (unused.length) {
    warnings.push(
      `${unused.length} row${unused.length > 1 ? 's' : ''} match no op of this space (e.g. line ${unused[0][1].line}: ${unused[0][0]})`,
    );
  }
}

export function keyHint(space: Space): { cell: (layer: number, block: number) => string; layer: (layer: number) => string } {
  const keys = spaceKeys(space);
  const shapes = layerShapes(space);
  return { cell: (l, b) => keys.layers[l][b], layer: (l) => describeShape(shapes[l]) };
}
