import { BLOCK_NAMES, NUM_BLOCKS } from '../space/blocks';
import { normalizeColumn, readCsv } from './csv';
import { IssueList, TableError } from './errors';
import { readLatencyCell } from './formats';

export interface ArchTimings {
  /** Block indices (canonical order), one list per architecture. */
  archs: number[][];
  latencyMs: number[];
}

const ARCH_COLUMNS = ['op_idx_22', 'op_idx', 'arch', 'blocks', 'architecture'];

/** An architecture cell: a string of block digits (0–8, canonical order) or block names separated by spaces, `|`, `;`, `,` or `/`. */
function readArch(raw: string): number[] | string {
  if (/^\d+$/.test(raw)) {
    const bad = [...raw].find((d) => Number(d) >= NUM_BLOCKS);
    return bad ? `digit ${bad} is not a block index (0–${NUM_BLOCKS - 1})` : [...raw].map(Number);
  }
  const names = raw.split(/[\s|;,/]+/).filter(Boolean);
  const unknown = names.filter((n) => !(BLOCK_NAMES as readonly string[]).includes(n));
  if (!names.length) return 'architecture is missing';
  if (unknown.length)
    return `unknown block${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} (expected ${BLOCK_NAMES.join(', ')})`;
  return names.map((n) => BLOCK_NAMES.indexOf(n as (typeof BLOCK_NAMES)[number]));
}

/** Whole-architecture timings: one architecture column plus the chosen latency column (ms). */
export function parseArchTimings(text: string, opts: { column: string }): ArchTimings {
  const csv = readCsv(text);
  const archCol = ARCH_COLUMNS.find((c) => csv.columns.includes(c));
  const col = normalizeColumn(opts.column);
  const issues = new IssueList();
  if (!archCol) issues.add(`no architecture column (expected one of ${ARCH_COLUMNS.join(', ')})`, csv.headerLine);
  if (!csv.columns.includes(col)) {
    const candidates = csv.columns.filter((c) => c && c !== archCol && !/idx$|^index$/.test(c));
    issues.add(`unknown latency column "${opts.column}" (available: ${candidates.join(', ')})`, csv.headerLine);
  }
  issues.throwIfAny('timings file');
  const archs: number[][] = [];
  const latencyMs: number[] = [];
  let length: number | undefined;
  for (const row of csv.rows) {
    const arch = readArch(row.cells[archCol!]);
    const ms = readLatencyCell(csv, row, col, 1, issues);
    if (typeof arch === 'string') {
      issues.add(arch, row.line, csv.labels[archCol!]);
      continue;
    }
    length ??= arch.length;
    if (arch.length !== length) {
      issues.add(`architecture has ${arch.length} layers; earlier rows have ${length}`, row.line, csv.labels[archCol!]);
      continue;
    }
    if (ms == null) continue;
    archs.push(arch);
    latencyMs.push(ms);
  }
  issues.throwIfAny('timings file');
  if (archs.length < 2) throw new TableError([{ message: `need at least 2 timed architectures, found ${archs.length}` }], 'timings file');
  return { archs, latencyMs };
}
