import { BLOCK_NAMES } from '../space/blocks';
import type { LatencyTable } from './latency';
import { allowedAt, type Space } from '../space/space';

export interface TableSummary {
  name: string;
  layers: number;
  blocks: string[];
  cells: number;
  fixed: Record<string, number>;
  fixedMs: number;
  /** Total of the cheapest and the most expensive allowed architecture (fixed ops included). */
  minMs: number;
  maxMs: number;
  cheapest: string[];
  mostExpensive: string[];
}

export function summarizeTable(table: LatencyTable, space: Space): TableSummary {
  let minMs = table.fixedMs;
  let maxMs = table.fixedMs;
  const cheapest: string[] = [];
  const mostExpensive: string[] = [];
  table.layers.forEach((row, l) => {
    const opts = allowedAt(space, l)
      .map((b) => ({ b, v: row[BLOCK_NAMES.indexOf(b)] }))
      .filter((o): o is { b: (typeof BLOCK_NAMES)[number]; v: number } => o.v != null);
    const lo = opts.reduce((a, o) => (o.v < a.v ? o : a), opts[0]);
    const hi = opts.reduce((a, o) => (o.v > a.v ? o : a), opts[0]);
    minMs += lo?.v ?? 0;
    maxMs += hi?.v ?? 0;
    cheapest.push(lo?.b ?? '');
    mostExpensive.push(hi?.b ?? '');
  });
  return {
    name: table.name,
    layers: table.layers.length,
    blocks: [...BLOCK_NAMES],
    cells: table.layers.flat().filter((v) => v != null).length,
    fixed: table.fixed ?? {},
    fixedMs: table.fixedMs,
    minMs,
    maxMs,
    cheapest,
    mostExpensive,
  };
}
