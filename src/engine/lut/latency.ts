import { BLOCK_NAMES, type BlockName } from '../space/blocks';

/**
 * A latency table mapped onto a space: ms per (layer, block), null where unmeasured,
 * plus the constant of the fixed ops (stem, head conv, pool, fc).
 */
export interface LatencyTable {
  name: string;
  /** layers[l][b] in milliseconds, b in canonical block order. */
  layers: (number | null)[][];
  fixedMs: number;
  /** Fixed ops by name (stem, head_conv1x1, avgpool, fc), ms, when known. */
  fixed?: Record<string, number>;
  source?: string;
}

export function tableLatencyMs(table: LatencyTable, blocks: BlockName[]): number | null {
  let sum = table.fixedMs;
  for (let l = 0; l < blocks.length; l++) {
    const v = table.layers[l]?.[BLOCK_NAMES.indexOf(blocks[l])];
    if (v == null) return null;
    sum += v;
  }
  return sum;
}

/** Dense 22×9 matrix for the differentiable model; disallowed/missing cells become 0 (they are masked out of θ). */
export function denseTable(table: LatencyTable): number[][] {
  return table.layers.map((row) => BLOCK_NAMES.map((_, b) => row[b] ?? 0));
}
