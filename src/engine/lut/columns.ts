import { readCsv } from './csv';

const NOT_LATENCY = /^(op_idx(_22)?|arch(itecture)?|blocks|arch_idx|index|idx)$/;

/**
 * The latency columns a timings file offers (header labels as written), read from its header and
 * first row only so a large file costs nothing to inspect. Throws TableError on an unreadable header.
 */
export function timingsColumns(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const content = lines.flatMap((l, i) => (l.trim() !== '' && !/^\s*#/.test(l) ? [i] : []));
  // Up to the first data row, blank and comment lines kept so line numbers stay those of the file.
  const head = lines.slice(0, (content[1] ?? content[0] ?? 0) + 1).join('\n');
  const csv = readCsv(head, 'timings file');
  return csv.columns.filter((c) => c && !NOT_LATENCY.test(c)).map((c) => csv.labels[c] ?? c);
}
