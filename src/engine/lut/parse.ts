import type { LatencyTable } from './latency';
import type { Space } from '../space/space';
import { readCsv } from './csv';
import { IssueList } from './errors';
import { detectFormat, type TableFormat } from './formats';
import { CellGrid } from './grid';
import { keyHint, readKeyed } from './keyed';
import { compareShapes, readLong, readWide } from './layered';

export interface ParsedTable {
  table: LatencyTable;
  warnings: string[];
  format: TableFormat;
  /** False when the table records shapes and they differ from the space's. */
  shapesMatch: boolean;
  /** How rows were mapped onto the space, in words. */
  mapping: string;
}

/**
 * Reads a latency table in any supported layout and maps it onto `space`.
 * Layer-indexed layouts (long, wide) map by (layer, block) even when the space's shapes differ;
 * shape-keyed layouts (HW-NAS-Bench keys, op signatures) must cover the space's shapes.
 * Throws TableError listing every problem with its line and column.
 */
export function parseLatencyTable(text: string, space: Space, opts: { name?: string; source?: string } = {}): ParsedTable {
  const csv = readCsv(text);
  const format = detectFormat(csv);
  const issues = new IssueList();
  const warnings: string[] = [];
  const grid = new CellGrid(space, issues);
  let shapesMatch = true;
  let mapping: string;
  if (format === 'long' || format === 'wide') {
    const shapes = format === 'long' ? readLong(csv, grid, issues) : readWide(csv, grid, issues);
    ({ shapesMatch, mapping } = compareShapes(space, shapes));
    grid.reportMissing();
  } else {
    readKeyed(csv, grid, issues, warnings, format === 'signature');
    mapping = 'by shape: each (layer, block) looked up by input size, channels and stride';
    grid.reportMissing(keyHint(space));
  }
  issues.throwIfAny();
  const fixed = grid.fixedRecord();
  if (!Object.keys(fixed).length) warnings.push('the table has no fixed ops (stem, head); their cost is taken as 0');
  const table: LatencyTable = {
    name: opts.name ?? 'table',
    layers: grid.layers(),
    fixedMs: Object.values(fixed).reduce((a, b) => a + b, 0),
    fixed,
  };
  if (opts.source !== undefined) table.source = opts.source;
  return { table, warnings, format, shapesMatch, mapping };
}
