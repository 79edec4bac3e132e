/**
 * A ChildNet's weights as plain arrays, layer by layer, read in the order the net created its
 * variables (stem, searched layers, head; each BatchNorm as γ, β, running mean, running variance).
 */
import { blockSpec, type BlockName } from '../space/blocks';
import type { ChildNet } from '../nn/childnet';
import { headInput, layerShapes, type LayerShape, type Space } from '../space/space';

export interface HostTensor {
  shape: number[];
  values: Float32Array;
}

export interface BnWeights {
  gamma: Float32Array;
  beta: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
}

export type LayerWeights =
  | { kind: 'identity'; block: BlockName; shape: LayerShape }
  | { kind: 'projection'; block: BlockName; shape: LayerShape; w: HostTensor; bn: BnWeights }
  | {
      kind: 'ir';
      block: BlockName;
      shape: LayerShape;
      kernel: number;
      groups: number;
      /** [groups, cIn/g, mid/g] */
      w1: HostTensor;
      bn1: BnWeights;
      /** [k, k, mid, 1] */
      dw: HostTensor;
      bn2: BnWeights;
      /** [groups, mid/g, cOut/g] */
      w2: HostTensor;
      bn3: BnWeights;
      residual: boolean;
    };

export interface ChildWeights {
  space: Space;
  stem: { w: HostTensor; bn: BnWeights };
  layers: LayerWeights[];
  head: { w: HostTensor; bn: BnWeights; fcW: HostTensor; fcB: HostTensor };
}

export async function readChildWeights(net: ChildNet): Promise<ChildWeights> {
  const vars = net.variables;
  const host = await Promise.all(vars.map(async (v) => ({ shape: [...v.shape], values: (await v.data()) as Float32Array })));
  let i = 0;
  const take = (shape: number[], what: string): HostTensor => {
    const t = host[i++];
    if (!t || t.shape.join('x') !== shape.join('x')) {
      throw new Error(`export: expected ${what} of shape [${shape}], found ${t ? `[${t.shape}]` : 'nothing'} (variable ${i - 1})`);
    }
    return t;
  };
  const bn = (c: number, what: string): BnWeights => ({
    gamma: take([c], `${what} γ`).values,
    beta: take([c], `${what} β`).values,
    mean: take([c], `${what} mean`).values,
    variance: take([c], `${what} variance`).values,
  });
  const s = net.space;
  const stem = { w: take([3, 3, s.inputChannels, s.stem.channels], 'stem conv'), bn: bn(s.stem.channels, 'stem BN') };
  const layers = layerShapes(s).map((shape, l): LayerWeights => {
    const block = net.blocks[l];
    const spec = blockSpec(block);
    const at = `layer ${l + 1} (${block})`;
    if (spec.kind === 'skip') {
      if (shape.identitySkip) return { kind: 'identity', block, shape };
      const wShape = shape.stride === 1 ? [1, shape.cIn, shape.cOut] : [1, 1, shape.cIn, shape.cOut];
      return { kind: 'projection', block, shape, w: take(wShape, `${at} conv`), bn: bn(shape.cOut, `${at} BN`) };
    }
    const g = spec.groups;
    const mid = shape.cIn * spec.expansion;
    return {
      kind: 'ir',
      block,
      shape,
      kernel: spec.kernel,
      groups: g,
      w1: take([g, shape.cIn / g, mid / g], `${at} expand conv`),
      bn1: bn(mid, `${at} BN 1`),
      dw: take([spec.kernel, spec.kernel, mid, 1], `${at} depthwise conv`),
      bn2: bn(mid, `${at} BN 2`),
      w2: take([g, mid / g, shape.cOut / g], `${at} project conv`),
      bn3: bn(shape.cOut, `${at} BN 3`),
      residual: shape.stride === 1 && shape.cIn === shape.cOut,
    };
  });
  const h = headInput(s);
  const head = {
    w: take([1, h.channels, s.headChannels], 'head conv'),
    bn: bn(s.headChannels, 'head BN'),
    fcW: take([s.headChannels, s.numClasses], 'fc weight'),
    fcB: take([s.numClasses], 'fc bias'),
  };
  if (i !== host.length) throw new Error(`export: ${host.length - i} variables left over after the head`);
  return { space: s, stem, layers, head };
}

/** [g, a, b] grouped 1×1 weights → a dense [g·a, g·b] matrix with the groups on the diagonal. */
export function blockDiagonal(w: HostTensor): Float32Array {
  const [g, a, b] = w.shape;
  const out = new Float32Array(g * a * g * b);
  for (let k = 0; k < g; k++)
    for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) out[(k * a + i) * g * b + k * b + j] = w.values[(k * a + i) * b + j];
  return out;
}

/** Channel shuffle as an index map: output channel j is input channel perm[j]. */
export function shufflePermutation(c: number, groups: number): number[] {
  const per = c / groups;
  return Array.from({ length: c }, (_, j) => (j % groups) * per + Math.floor(j / groups));
}

/** Reorders the last axis of a row-major [rows, c] matrix. */
export function permuteColumns(m: Float32Array, c: number, perm: number[]): Float32Array {
  const out = new Float32Array(m.length);
  for (let r = 0; r < m.length / c; r++) for (let j = 0; j < c; j++) out[r * c + j] = m[r * c + perm[j]];
  return out;
}

export function permuteBn(bn: BnWeights, perm: number[]): BnWeights {
  const p = (v: Float32Array) => Float32Array.from(perm, (k) => v[k]);
  return { gamma: p(bn.gamma), beta: p(bn.beta), mean: p(bn.mean), variance: p(bn.variance) };
}
