import { BLOCK_NAMES } from '../space/blocks';
import type { Csv, CsvRow } from './csv';
import { type IssueList, TableError } from './errors';

export type TableFormat = 'long' | 'wide' | 'hwnas-key' | 'signature';

/** Accepted spellings per field, first match wins. */
export const ALIASES = {
  layer: ['layer', 'layer_index', 'layer_idx'],
  block: ['block', 'block_name'],
  op: ['op_type', 'op'],
  key: ['lut_key', 'key'],
  inputSize: ['input_hw', 'input_size', 'in_hw', 'hw', 'h'],
  cIn: ['in_channels', 'c_in', 'cin', 'input_channels'],
  cOut: ['out_channels', 'c_out', 'cout', 'output_channels'],
  stride: ['stride'],
  kernel: ['kernel', 'kernel_size', 'k'],
  expansion: ['expansion', 'exp', 'e'],
  group: ['group', 'groups', 'g'],
  unit: ['unit', 'units'],
} as const;

export type Field = keyof typeof ALIASES;

export function findColumn(csv: Csv, field: Field): string | undefined {
  return ALIASES[field].find((a) => csv.columns.includes(a));
}

/** Fixed (non-searched) ops; `head`/`fixed` stand for a lumped constant when a table has no breakdown. */
export const FIXED_NAMES = ['stem', 'head_conv1x1', 'avgpool', 'fc', 'head', 'fixed'] as const;
export function isFixedName(s: string): boolean {
  return (FIXED_NAMES as readonly string[]).includes(s);
}

export type LatencySource = { kind: 'scaled'; column: string; scale: number } | { kind: 'unit'; column: string; unitColumn: string };

const UNIT_SCALE: Record<string, number> = { ms: 1, us: 1e-3, µs: 1e-3, μs: 1e-3, s: 1000, ns: 1e-6 };

export function latencySource(csv: Csv): LatencySource | undefined {
  if (csv.columns.includes('latency_ms')) return { kind: 'scaled', column: 'latency_ms', scale: 1 };
  if (csv.columns.includes('latency_us')) return { kind: 'scaled', column: 'latency_us', scale: 1e-3 };
  const unitColumn = findColumn(csv, 'unit');
  if (csv.columns.includes('latency') && unitColumn) return { kind: 'unit', column: 'latency', unitColumn };
  return undefined;
}

/** A latency in ms from one cell, or null after recording why not. */
export function readLatencyCell(csv: Csv, row: CsvRow, column: string, scale: number, issues: IssueList): number | null {
  const raw = row.cells[column] ?? '';
  const label = csv.labels[column] ?? column;
  if (raw === '') {
    issues.add('latency is missing', row.line, label);
    return null;
  }
  if (/^[+-]?(inf(inity)?|nan)$/i.test(raw)) {
    issues.add(`latency "${raw}" is not finite`, row.line, label);
    return null;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw)) {
    issues.add(`latency "${raw}" is not a number`, row.line, label);
    return null;
  }
  const v = Number(raw);
  if (!Number.isFinite(v * scale)) {
    issues.add(`latency "${raw}" is not finite`, row.line, label);
    return null;
  }
  if (v < 0) {
    issues.add(`latency ${raw} is negative`, row.line, label);
    return null;
  }
  return v * scale;
}

export function readLatency(csv: Csv, row: CsvRow, src: LatencySource, issues: IssueList): number | null {
  if (src.kind === 'scaled') return readLatencyCell(csv, row, src.column, src.scale, issues);
  const scale = unitScale(csv, row, src.unitColumn, issues);
  return scale == null ? null : readLatencyCell(csv, row, src.column, scale, issues);
}

export function unitScale(csv: Csv, row: CsvRow, unitColumn: string | undefined, issues: IssueList): number | null {
  const u = unitColumn ? (row.cells[unitColumn] ?? '').toLowerCase() : 'ms';
  const s = UNIT_SCALE[u || 'ms'];
  if (s === undefined) {
    issues.add(`unknown unit "${row.cells[unitColumn!]}" (expected ms, us or s)`, row.line, csv.labels[unitColumn!]);
    return null;
  }
  return s;
}

/** A non-negative integer cell, or null after recording why not. */
export function readInt(csv: Csv, row: CsvRow, column: string, what: string, issues: IssueList): number | null {
  const raw = row.cells[column] ?? '';
  if (!/^\d+(\.0*)?$/.test(raw)) {
    issues.add(raw === '' ? `${what} is missing` : `${what} "${raw}" is not a whole number`, row.line, csv.labels[column]);
    return null;
  }
  return Number(raw);
}

/** Layer-indexed formats take precedence: the shipped tables carry both layer indices and shape keys. */
export function detectFormat(csv: Csv): TableFormat {
  const cols = csv.columns;
  const layer = findColumn(csv, 'layer');
  const blockCols = BLOCK_NAMES.filter((b) => cols.includes(b));
  if (layer && blockCols.length >= 2 && !findColumn(csv, 'block')) return 'wide';
  const lat = latencySource(csv);
  const missingLatency = () =>
    new TableError([
      {
        line: csv.headerLine,
        message: `no latency column: expected "latency_ms", "latency_us", or "latency" with a "unit" column (found: ${cols.filter(Boolean).join(', ')})`,
      },
    ]);
  if (layer) {
    if (!findColumn(csv, 'block')) {
      throw new TableError([
        {
          line: csv.headerLine,
          message: `a "${csv.labels[layer]}" column needs either a "block" column (long format) or one column per block name (wide format)`,
        },
      ]);
    }
    if (!lat) throw missingLatency();
    return 'long';
  }
  if (findColumn(csv, 'key')) {
    if (!lat) throw missingLatency();
    return 'hwnas-key';
  }
  const hasOp = findColumn(csv, 'block') || (findColumn(csv, 'kernel') && findColumn(csv, 'expansion'));
  if (hasOp && findColumn(csv, 'inputSize') && findColumn(csv, 'cIn') && findColumn(csv, 'cOut') && findColumn(csv, 'stride')) {
    if (!lat) throw missingLatency();
    return 'signature';
  }
  throw new TableError([
    {
      line: csv.headerLine,
      message:
        'unrecognised table layout; expected one of: long (layer, block, latency_ms), wide (layer + one column per block), ' +
        'HW-NAS-Bench keys (lut_key, latency_ms) or op signatures (block, input_hw, in_channels, out_channels, stride, latency_ms)',
    },
  ]);
}
