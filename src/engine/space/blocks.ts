/** The nine candidate blocks of every searched layer (paper Table 2), in canonical order. */
export const BLOCK_NAMES = ['k3_e1', 'k3_e1_g2', 'k3_e3', 'k3_e6', 'k5_e1', 'k5_e1_g2', 'k5_e3', 'k5_e6', 'skip'] as const;

export type BlockName = (typeof BLOCK_NAMES)[number];
export const NUM_BLOCKS = BLOCK_NAMES.length;
export const SKIP_INDEX = BLOCK_NAMES.indexOf('skip');

export interface ConvBlockSpec {
  kind: 'ir';
  kernel: 3 | 5;
  expansion: 1 | 3 | 6;
  groups: 1 | 2;
}
export interface SkipBlockSpec {
  kind: 'skip';
}
export type BlockSpec = ConvBlockSpec | SkipBlockSpec;

export function blockSpec(name: BlockName): BlockSpec {
  if (name === 'skip') return { kind: 'skip' };
  const m = /^k([35])_e([136])(_g2)?$/.exec(name);
  if (!m) throw new Error(`unknown block "${name}"`);
  return {
    kind: 'ir',
    kernel: Number(m[1]) as 3 | 5,
    expansion: Number(m[2]) as 1 | 3 | 6,
    groups: m[3] ? 2 : 1,
  };
}

export function isBlockName(s: string): s is BlockName {
  return (BLOCK_NAMES as readonly string[]).includes(s);
}

export function blockIndex(name: string): number {
  const i = (BLOCK_NAMES as readonly string[]).indexOf(name);
  if (i < 0) throw new Error(`unknown block "${name}" (expected one of ${BLOCK_NAMES.join(', ')})`);
  return i;
}
