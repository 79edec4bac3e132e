import { BLOCK_NAMES, blockSpec, type BlockName } from '../space/blocks';
import { headInput, layerShapes, type LayerShape, type Space } from '../space/space';

/**
 * Shape keys in HW-NAS-Bench's own spelling (H/W = the op's INPUT size), used as the common key
 * for every shape-matched format so a `lut_key` column and an op-signature row meet in one map.
 */
export function blockKey(block: BlockName, h: number, cIn: number, cOut: number, stride: number): string {
  const s = blockSpec(block);
  if (s.kind === 'skip') return `Skip_H${h}_W${h}_Cin${cIn}_Cout${cOut}_stride${stride}`;
  return `ConvBlock_H${h}_W${h}_Cin${cIn}_Cout${cOut}_exp${s.expansion}_kernel${s.kernel}_stride${stride}_group${s.groups}`;
}

export function layerKey(block: BlockName, sh: LayerShape): string {
  return blockKey(block, sh.inputSize, sh.cIn, sh.cOut, sh.stride);
}

export interface FixedShape {
  h: number;
  cIn: number;
  cOut: number;
  kernel: number;
  stride: number;
}

export function fixedKey(name: string, f: FixedShape): string | undefined {
  switch (name) {
    case 'stem':
    case 'head_conv1x1':
      return `ConvNorm_H${f.h}_W${f.h}_Cin${f.cIn}_Cout${f.cOut}_kernel${f.kernel}_stride${f.stride}_group1`;
    case 'avgpool':
      return `AvgP_H${f.h}_W${f.h}_Cin${f.cIn}_Cout${f.cOut}_kernel${f.kernel}_stride${f.stride}`;
    case 'fc':
      return `FC_Cin${f.cIn}_Cout${f.cOut}`;
    default:
      return undefined;
  }
}

/** The four fixed ops of a space, as HW-NAS-Bench keys them. */
export function spaceFixedShapes(space: Space): Record<'stem' | 'head_conv1x1' | 'avgpool' | 'fc', FixedShape> {
  const hi = headInput(space);
  const hc = space.headChannels;
  return {
    stem: { h: space.inputSize, cIn: space.inputChannels, cOut: space.stem.channels, kernel: 3, stride: space.stem.stride },
    head_conv1x1: { h: hi.size, cIn: hi.channels, cOut: hc, kernel: 1, stride: 1 },
    avgpool: { h: hi.size, cIn: hc, cOut: hc, kernel: hi.size, stride: 1 },
    fc: { h: 1, cIn: hc, cOut: space.numClasses, kernel: 1, stride: 1 },
  };
}

export function spaceKeys(space: Space): { layers: string[][]; fixed: Record<string, string> } {
  const layers = layerShapes(space).map((sh) => BLOCK_NAMES.map((b) => layerKey(b, sh)));
  const fixed: Record<string, string> = {};
  for (const [name, f] of Object.entries(spaceFixedShapes(space))) fixed[name] = fixedKey(name, f)!;
  return { layers, fixed };
}

const KEY_FIELDS: Record<string, string[]> = {
  ConvBlock: ['H', 'W', 'Cin', 'Cout', 'exp', 'kernel', 'stride', 'group'],
  Skip: ['H', 'W', 'Cin', 'Cout', 'stride'],
  ConvNorm: ['H', 'W', 'Cin', 'Cout', 'kernel', 'stride', 'group'],
  AvgP: ['H', 'W', 'Cin', 'Cout', 'kernel', 'stride'],
  FC: ['Cin', 'Cout'],
};

/** Re-spells a key in canonical field order; returns an error message when it is not one. */
export function canonicalKey(raw: string): { key: string } | { error: string } {
  const [op, ...parts] = raw.trim().split('_');
  const fields = KEY_FIELDS[op];
  if (!fields) return { error: `unrecognised lut_key "${raw}" (expected ConvBlock_…, Skip_…, ConvNorm_…, AvgP_… or FC_…)` };
  const vals: Record<string, string> = {};
  for (const p of parts) {
    const m = /^([A-Za-z]+)(\d+)$/.exec(p);
    if (!m || !fields.includes(m[1])) return { error: `unrecognised field "${p}" in lut_key "${raw}"` };
    vals[m[1]] = String(Number(m[2]));
  }
  const missing = fields.filter((f) => vals[f] === undefined);
  if (missing.length) return { error: `lut_key "${raw}" lacks ${missing.join(', ')}` };
  return { key: [op, ...fields.map((f) => `${f}${vals[f]}`)].join('_') };
}

export function describeShape(sh: { inputSize: number; cIn: number; cOut: number; stride: number }): string {
  return `${sh.cIn}→${sh.cOut} channels at ${sh.inputSize}×${sh.inputSize}, stride ${sh.stride}`;
}
