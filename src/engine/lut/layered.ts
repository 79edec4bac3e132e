import { BLOCK_NAMES } from '../space/blocks';
import { layerShapes, numLayers, type Space } from '../space/space';
import type { Csv, CsvRow } from './csv';
import type { IssueList } from './errors';
import { findColumn, isFixedName, latencySource, readInt, readLatency, readLatencyCell, unitScale, FIXED_NAMES } from './formats';
import type { CellGrid } from './grid';
import { describeShape } from './match';

interface TableShape {
  inputSize: number;
  cIn: number;
  cOut: number;
  stride: number;
}

/** Layer cell → index, fixed-op name, or null after recording why neither. */
function readLayer(csv: Csv, row: CsvRow, col: string, space: Space, issues: IssueList): number | string | null {
  const raw = row.cells[col] ?? '';
  const n = numLayers(space);
  if (isFixedName(raw.toLowerCase())) return raw.toLowerCase();
  if (!/^\d+$/.test(raw)) {
    issues.add(
      raw === '' ? 'layer is missing' : `layer "${raw}" is neither a layer index (0–${n - 1}) nor one of ${FIXED_NAMES.join(', ')}`,
      row.line,
      csv.labels[col],
    );
    return null;
  }
  const l = Number(raw);
  if (l >= n) {
    issues.add(`layer ${l} is out of range (this space has ${n} layers, 0–${n - 1})`, row.line, csv.labels[col]);
    return null;
  }
  return l;
}

/** Shape columns of a layer row, when the table has them all. */
function readShape(csv: Csv, row: CsvRow, issues: IssueList): TableShape | undefined {
  const cols = [findColumn(csv, 'inputSize'), findColumn(csv, 'cIn'), findColumn(csv, 'cOut'), findColumn(csv, 'stride')];
  if (cols.some((c) => !c || row.cells[c] === '')) return undefined;
  const [inputSize, cIn, cOut, stride] = cols.map((c, i) =>
    readInt(csv, row, c!, ['input size', 'in channels', 'out channels', 'stride'][i], issues),
  );
  if (inputSize == null || cIn == null || cOut == null || stride == null) return undefined;
  return { inputSize, cIn, cOut, stride };
}

export function readLong(csv: Csv, grid: CellGrid, issues: IssueList): (TableShape | undefined)[] {
  const layerCol = findColumn(csv, 'layer')!;
  const blockCol = findColumn(csv, 'block')!;
  const src = latencySource(csv)!;
  const shapes: (TableShape | undefined)[] = [];
  for (const row of csv.rows) {
    const layer = readLayer(csv, row, layerCol, grid.space, issues);
    const block = (row.cells[blockCol] ?? '').toLowerCase();
    if (layer === null) continue;
    if (typeof layer === 'string' || isFixedName(block)) {
      if (typeof layer === 'number' || (block !== '' && !isFixedName(block))) {
        issues.add(
          `"${layer}" with block "${row.cells[blockCol]}": fixed ops go on rows whose layer is stem/head and whose block is ${FIXED_NAMES.join(', ')} (or empty)`,
          row.line,
          csv.labels[blockCol],
        );
        continue;
      }
      const ms = readLatency(csv, row, src, issues);
      if (ms != null) grid.setFixed(block || layer, ms, row.line, csv.labels[src.column]);
      continue;
    }
    const b = BLOCK_NAMES.indexOf(block as (typeof BLOCK_NAMES)[number]);
    if (b < 0) {
      issues.add(
        block === '' ? 'block is missing' : `unknown block "${row.cells[blockCol]}" (expected one of ${BLOCK_NAMES.join(', ')})`,
        row.line,
        csv.labels[blockCol],
      );
      continue;
    }
    const ms = readLatency(csv, row, src, issues);
    if (ms != null) grid.set(layer, b, ms, row.line, csv.labels[src.column]);
    shapes[layer] ??= readShape(csv, row, issues);
  }
  return shapes;
}

const BLOCKLIKE = /^(k\d+_e\d+(_g\d+)?|skip\w*)$/;

export function readWide(csv: Csv, grid: CellGrid, issues: IssueList): (TableShape | undefined)[] {
  const layerCol = findColumn(csv, 'layer')!;
  const unitCol = findColumn(csv, 'unit');
  for (const c of csv.columns) {
    if (BLOCKLIKE.test(c) && !(BLOCK_NAMES as readonly string[]).includes(c)) {
      issues.add(`unknown block "${csv.labels[c]}" (expected one of ${BLOCK_NAMES.join(', ')})`, csv.headerLine, csv.labels[c]);
    }
  }
  const blockCols: (string | undefined)[] = BLOCK_NAMES.map((b) => (csv.columns.includes(b) ? b : undefined));
  const valueCols = csv.columns.filter(
    (c) => c && c !== layerCol && c !== unitCol && (blockCols.includes(c) || /^(latency|fixed)(_ms|_us)?$/.test(c)),
  );
  const shapes: (TableShape | undefined)[] = [];
  for (const row of csv.rows) {
    const layer = readLayer(csv, row, layerCol, grid.space, issues);
    if (layer === null) continue;
    const scale = unitScale(csv, row, unitCol, issues);
    if (scale == null) continue;
    if (typeof layer === 'string') {
      const filled = valueCols.filter((c) => row.cells[c] !== '');
      if (filled.length !== 1) {
        issues.add(`fixed op "${layer}" needs exactly one latency on its row, found ${filled.length}`, row.line);
        continue;
      }
      const ms = readLatencyCell(csv, row, filled[0], /_us$/.test(filled[0]) ? scale / 1000 : scale, issues);
      if (ms != null) grid.setFixed(layer, ms, row.line, csv.labels[filled[0]]);
      continue;
    }
    blockCols.forEach((c, b) => {
      if (!c || row.cells[c] === '') return;
      const ms = readLatencyCell(csv, row, c, scale, issues);
      if (ms != null) grid.set(layer, b, ms, row.line, csv.labels[c]);
    });
    shapes[layer] ??= readShape(csv, row, issues);
  }
  return shapes;
}

/** How a layer-indexed table relates to the space it is mapped onto. */
export function compareShapes(space: Space, shapes: (TableShape | undefined)[]): { shapesMatch: boolean; mapping: string } {
  const mine = layerShapes(space);
  if (!shapes.some(Boolean)) {
    return { shapesMatch: true, mapping: 'by (layer, block); the table records no shapes to check against this space' };
  }
  const diff = mine.find((sh, l) => {
    const t = shapes[l];
    return t && (t.inputSize !== sh.inputSize || t.cIn !== sh.cIn || t.cOut !== sh.cOut || t.stride !== sh.stride);
  });
  if (!diff) return { shapesMatch: true, mapping: "by (layer, block); the table's shapes match this space" };
  return {
    shapesMatch: false,
    mapping:
      `by (layer, block); the table was measured on other shapes (layer ${diff.index}: ${describeShape(shapes[diff.index]!)}; ` +
      `this space: ${describeShape(diff)}), so its latencies describe the network it was measured on`,
  };
}
