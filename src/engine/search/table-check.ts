/** A latency table must give a usable number for every (layer, block) the space allows. */
import { BLOCK_NAMES } from '../space/blocks';
import type { LatencyTable } from '../lut/latency';

export function checkTable(table: LatencyTable, mask: boolean[][]): void {
  if (table.layers.length !== mask.length) {
    throw new Error(`latency table "${table.name}" has ${table.layers.length} layers, the space has ${mask.length}`);
  }
  if (!Number.isFinite(table.fixedMs)) throw new Error(`latency table "${table.name}": fixedMs is not a number`);
  mask.forEach((row, l) =>
    row.forEach((ok, b) => {
      const v = table.layers[l]?.[b];
      if (ok && (v == null || !Number.isFinite(v) || v < 0)) {
        throw new Error(
          `latency table "${table.name}" has no valid entry for layer ${l + 1}, block ${BLOCK_NAMES[b]}, which the space allows (measure it or disallow the block there)`,
        );
      }
    }),
  );
}
