import Papa from 'papaparse';
import { IssueList, MAX_TABLE_BYTES, TableError } from './errors';

export interface CsvRow {
  /** 1-based line where the row starts. */
  line: number;
  /** Cells by normalized column name; absent trailing cells are ''. */
  cells: Record<string, string>;
}

export interface Csv {
  /** Normalized names: lower case, spaces and dashes as '_'. */
  columns: string[];
  /** Header text as written, by normalized name (for messages). */
  labels: Record<string, string>;
  headerLine: number;
  rows: CsvRow[];
  delimiter: string;
}

export function normalizeColumn(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export function byteLength(text: string): number {
  // Each UTF-16 unit is at least one UTF-8 byte and at most three, so encoding is only needed near the limit.
  if (text.length > MAX_TABLE_BYTES || text.length * 3 <= MAX_TABLE_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

export function checkSize(text: string, what = 'file'): void {
  const n = byteLength(text);
  if (n > MAX_TABLE_BYTES) {
    throw new TableError([{ message: `${what} is ${(n / 1048576).toFixed(1)} MB; the limit is ${MAX_TABLE_BYTES / 1048576} MB` }]);
  }
}

/** Reads a delimited text file (`,` `;` or tab; BOM, quotes, blank lines and `#` comment lines allowed). */
export function readCsv(text: string, what = 'file'): Csv {
  checkSize(text, what);
  const body = text.replace(/^\uFEFF/, '');
  // Blanking comment lines (instead of dropping them) keeps row → line numbering exact.
  const lines = body.split(/\r\n|\n|\r/).map((l) => (/^\s*#/.test(l) ? '' : l));
  if (lines.every((l) => l.trim() === '')) throw new TableError([{ message: `${what} is empty (no header, no rows)` }]);
  const parsed = Papa.parse<string[]>(lines.join('\n'), {
    delimiter: guessDelimiter(lines.find((l) => l.trim() !== '')!),
    skipEmptyLines: false,
  });
  const issues = new IssueList();
  let line = 1;
  const raw: { line: number; cells: string[] }[] = [];
  parsed.data.forEach((cells) => {
    raw.push({ line, cells });
    line += 1 + cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
  });
  for (const e of parsed.errors) {
    if (e.code === 'UndetectableDelimiter') continue;
    issues.add(e.message, e.row != null ? raw[e.row]?.line : undefined);
  }
  issues.throwIfAny();
  const nonBlank = raw.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [head, ...rest] = nonBlank;
  const columns = head.cells.map(normalizeColumn);
  const labels: Record<string, string> = {};
  columns.forEach((c, i) => {
    if (c && labels[c] !== undefined) issues.add(`column "${head.cells[i].trim()}" appears twice in the header`, head.line);
    labels[c] = head.cells[i].trim();
  });
  issues.throwIfAny();
  if (!rest.length) throw new TableError([{ line: head.line, message: `${what} has a header but no rows` }]);
  const rows = rest.map((r) => {
    const cells: Record<string, string> = {};
    columns.forEach((c, i) => {
      if (c) cells[c] = (r.cells[i] ?? '').trim();
    });
    return { line: r.line, cells };
  });
  return { columns, labels, headerLine: head.line, rows, delimiter: parsed.meta.delimiter };
}

/** The header decides: the delimiter it uses most outside quotes (comma when it has none). */
function guessDelimiter(header: string): string {
  const outside = header.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => ({ d, n: outside.split(d).length - 1 }));
  return counts.reduce((best, c) => (c.n > best.n ? c : best)).d;
}
