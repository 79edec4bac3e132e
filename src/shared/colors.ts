import { BLOCK_NAMES, type BlockName } from '../engine/space/blocks';

/** 3×3 blocks in blues, 5×5 in oranges, darker = more expansion; skip is set apart in grey (drawn hatched by the `.skip` classes). */
export const BLOCK_COLORS: Record<BlockName, string> = {
  k3_e1: '#c6dbef',
  k3_e1_g2: '#9ecae1',
  k3_e3: '#4292c6',
  k3_e6: '#08519c',
  k5_e1: '#fdd0a2',
  k5_e1_g2: '#fdae6b',
  k5_e3: '#f16913',
  k5_e6: '#a63603',
  skip: '#6b7280',
};

export const SKIP_SOLID = BLOCK_COLORS.skip;

export const blockColor = (b: BlockName) => BLOCK_COLORS[b];

export const BLOCKS = BLOCK_NAMES;

export const SERIES = {
  expected: '#7c3aed',
  argmax: '#059669',
  loss: '#dc2626',
  ce: '#2563eb',
  train: '#2563eb',
  val: '#ea580c',
  tau: '#0891b2',
  marker: '#e11d48',
  table: '#64748b',
};
