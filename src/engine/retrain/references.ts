/** Reference architectures to retrain next to a searched one: the published FBNets, a MobileNetV2-like net, the cheapest net. */
import { BLOCK_NAMES, blockSpec, type BlockName } from '../space/blocks';
import { PUBLISHED_BLOCKS } from '../space/archs';
import { blockCost } from '../space/costs';
import type { LatencyTable } from '../lut/latency';
import { allowedAt, layerShapes, type LayerShape, type Space } from '../space/space';

export interface Substitution {
  layer: number;
  from: BlockName;
  to: BlockName;
}

export interface ReferenceArch {
  name: string;
  blocks: BlockName[];
  /** Blocks the space does not allow at a layer, replaced by the nearest allowed one. */
  substitutions: Substitution[];
}

export const MOBILENET_V2_LIKE = 'mobilenetv2_like';
export const CHEAPEST = 'cheapest';

/** Shape distance between two blocks: expansion matters most, then kernel, then groups. */
function distance(a: BlockName, b: BlockName): number {
  const sa = blockSpec(a);
  const sb = blockSpec(b);
  if (sa.kind === 'skip' || sb.kind === 'skip') return sa.kind === sb.kind ? 0 : 100;
  return 4 * Math.abs(Math.log2(sa.expansion / sb.expansion)) + Math.abs(sa.kernel - sb.kernel) / 2 + (sa.groups !== sb.groups ? 1 : 0);
}

/** `wanted` if allowed at the layer, else the nearest allowed block (ties: fewer MACs). */
export function nearestAllowed(space: Space, layer: number, wanted: BlockName, shape: LayerShape = layerShapes(space)[layer]): BlockName {
  const allowed = allowedAt(space, layer);
  if (allowed.includes(wanted)) return wanted;
  return [...allowed].sort((a, b) => distance(wanted, a) - distance(wanted, b) || blockCost(a, shape).macs - blockCost(b, shape).macs)[0];
}

export function mapToSpace(space: Space, name: string, wanted: BlockName[]): ReferenceArch {
  const shapes = layerShapes(space);
  if (wanted.length !== shapes.length) throw new Error(`${name} has ${wanted.length} layers, the space ${shapes.length}`);
  const substitutions: Substitution[] = [];
  const blocks = wanted.map((w, l) => {
    const to = nearestAllowed(space, l, w, shapes[l]);
    if (to !== w) substitutions.push({ layer: l, from: w, to });
    return to;
  });
  return { name, blocks, substitutions };
}

/** skip wherever allowed; elsewhere the block with the lowest table latency (fewest MACs without a table). */
export function cheapestArchitecture(space: Space, table?: LatencyTable): BlockName[] {
  return layerShapes(space).map((shape, l) => {
    const allowed = allowedAt(space, l);
    if (allowed.includes('skip')) return 'skip';
    const ms = (b: BlockName) => table?.layers[l]?.[BLOCK_NAMES.indexOf(b)] ?? Infinity;
    const macs = (b: BlockName) => blockCost(b, shape).macs;
    return [...allowed].sort((a, b) => ms(a) - ms(b) || macs(a) - macs(b))[0];
  });
}

/**
 * The published FBNets (when the space has their 22 layers), an all-k3_e6 MobileNetV2-like net
 * and the cheapest net, each mapped onto the space's allowed blocks.
 */
export function referenceArchitectures(space: Space, table?: LatencyTable): ReferenceArch[] {
  const n = layerShapes(space).length;
  const out: ReferenceArch[] = [];
  for (const [name, blocks] of Object.entries(PUBLISHED_BLOCKS)) {
    if (blocks.length === n) out.push(mapToSpace(space, name, blocks));
  }
  out.push(
    mapToSpace(
      space,
      MOBILENET_V2_LIKE,
      Array.from({ length: n }, () => 'k3_e6' as BlockName),
    ),
  );
  out.push({ name: CHEAPEST, blocks: cheapestArchitecture(space, table), substitutions: [] });
  return out;
}

export function describeSubstitutions(r: ReferenceArch): string {
  return r.substitutions.map((s) => `layer ${s.layer + 1}: ${s.from} → ${s.to}`).join(', ');
}
