import type { BlockName } from '../space/blocks';
import { tableLatencyMs, type LatencyTable } from '../lut/latency';

export interface CrossDeviceMatrix {
  archs: string[];
  tables: string[];
  /** ms[i][j]: latency of architecture i by table j; null where the table lacks one of its blocks. */
  ms: (number | null)[][];
  /** For each table j, the row of the fastest architecture (the paper's point: each device's own search wins there). */
  fastest: (number | null)[];
}

/**
 * The paper's Table 5: each device's searched architecture timed by every device's table.
 * `archs[i]` is usually the argmax found with `tables[i]`.
 */
export function crossDeviceMatrix(archs: { name: string; blocks: BlockName[] }[], tables: LatencyTable[]): CrossDeviceMatrix {
  const ms = archs.map((a) => tables.map((t) => tableLatencyMs(t, a.blocks)));
  const fastest = tables.map((_, j) => {
    let best: number | null = null;
    ms.forEach((row, i) => {
      const v = row[j];
      if (v != null && (best === null || v < (ms[best][j] as number))) best = i;
    });
    return best;
  });
  return { archs: archs.map((a) => a.name), tables: tables.map((t) => t.name), ms, fastest };
}
