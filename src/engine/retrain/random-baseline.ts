/**
 * Random search, the honest baseline of NAS: architectures drawn uniformly from the space (each
 * layer's block uniform among its allowed ones), kept only when their table latency lies within a
 * band around a given latency — the same latency budget the searched network got.
 */
import { BLOCK_NAMES, type BlockName } from '../space/blocks';
import { tableLatencyMs, type LatencyTable } from '../lut/latency';
import type { Rng } from '../rng';
import { allowedAt, numLayers, type Space } from '../space/space';

export interface RandomBaselineOptions {
  space: Space;
  table: LatencyTable;
  /** Latency to match, in ms, and the relative band around it (0.15 = ±15 %). */
  latencyMs: number;
  band: number;
  count: number;
  rng: Rng;
  /** Draws to try before giving up. */
  maxDraws?: number;
}

/** `count` distinct architectures within the band, by rejection sampling; throws when too few lie there. */
export function randomArchitecturesNear(o: RandomBaselineOptions): BlockName[][] {
  const allowed = Array.from({ length: numLayers(o.space) }, (_, l) => allowedAt(o.space, l));
  const [lo, hi] = [o.latencyMs * (1 - o.band), o.latencyMs * (1 + o.band)];
  const seen = new Set<string>();
  const out: BlockName[][] = [];
  const maxDraws = o.maxDraws ?? 2_000_000;
  for (let draw = 0; draw < maxDraws && out.length < o.count; draw++) {
    const blocks = allowed.map((a) => a[o.rng.int(a.length)]);
    const ms = tableLatencyMs(o.table, blocks);
    if (ms === null || ms < lo || ms > hi) continue;
    const key = blocks.map((b) => BLOCK_NAMES.indexOf(b)).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(blocks);
  }
  if (out.length < o.count) {
    throw new Error(
      `only ${out.length} of ${o.count} random architectures within ±${Math.round(o.band * 100)} % of ${o.latencyMs.toFixed(2)} ms in ${maxDraws} draws`,
    );
  }
  return out;
}
