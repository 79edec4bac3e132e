import type { BlockName } from './blocks';
import { makeSpace, type Space } from './space';

/** Published FBNet architectures (docs/method.md §5), layer 1 → 22. */
export const PUBLISHED_BLOCKS: Record<string, BlockName[]> = {
  fbnet_a: ['skip', 'k3_e3', 'k3_e1', 'skip', 'skip', 'k5_e6', 'k3_e3', 'k5_e1', 'k3_e3', 'k5_e6', 'k5_e3', 'k5_e1_g2', 'k5_e6', 'k3_e6', 'k5_e1_g2', 'k5_e3', 'k3_e1_g2', 'k5_e6', 'k5_e6', 'k5_e3', 'k5_e6', 'k5_e6'],
  fbnet_b: ['k3_e1', 'k3_e6', 'k5_e1', 'k3_e1', 'k3_e1', 'k5_e6', 'k5_e3', 'k3_e6', 'k5_e6', 'k5_e6', 'k5_e6', 'skip', 'k5_e3', 'k5_e6', 'k3_e1', 'k5_e1', 'k5_e3', 'k5_e6', 'k5_e1', 'k5_e6', 'k5_e6', 'k3_e6'],
  fbnet_c: ['k3_e1', 'k3_e6', 'skip', 'k3_e1', 'k3_e1', 'k5_e6', 'k5_e3', 'k5_e6', 'k3_e6', 'k5_e6', 'k5_e3', 'k5_e6', 'k5_e6', 'k5_e6', 'k5_e6', 'k5_e6', 'k5_e3', 'k5_e6', 'k5_e6', 'k5_e6', 'k5_e6', 'k3_e6'],
  fbnet_96_035_1: ['k3_e1', 'k3_e6', 'k3_e6', 'skip', 'skip', 'k5_e6', 'k5_e6', 'skip', 'skip', 'k5_e6', 'skip', 'skip', 'skip', 'k3_e6', 'skip', 'skip', 'skip', 'k5_e6', 'k5_e6', 'skip', 'skip', 'k5_e6'],
  fbnet_samsung_s8: ['k3_e1', 'k3_e3', 'k3_e1', 'skip', 'skip', 'k5_e6', 'k3_e3', 'k3_e3', 'k3_e6', 'k5_e6', 'k5_e3', 'k5_e3', 'k5_e3', 'k3_e6', 'k5_e3', 'k5_e3', 'k5_e3', 'k5_e6', 'k5_e6', 'k5_e3', 'k5_e6', 'k5_e6'],
  fbnet_iphonex: ['skip', 'k3_e6', 'k3_e1', 'k3_e1', 'k3_e1', 'k3_e6', 'k3_e6', 'k3_e6', 'k3_e6', 'k3_e6', 'k3_e6', 'k3_e3', 'k3_e6', 'k3_e6', 'k3_e3', 'k3_e3', 'k3_e3', 'k5_e6', 'k5_e6', 'k5_e6', 'k5_e3', 'k5_e6'],
};

export const PUBLISHED_NAMES = Object.keys(PUBLISHED_BLOCKS);

/** The space each published network was defined in (ImageNet, 1000 classes). */
export function publishedSpace(name: string): Space {
  switch (name) {
    case 'fbnet_a':
      return makeSpace('imagenet', { headChannels: 1504 });
    case 'fbnet_96_035_1':
      return makeSpace('imagenet', { inputSize: 96, widthMultiplier: 0.35, headChannels: 1416 });
    default:
      if (!(name in PUBLISHED_BLOCKS)) throw new Error(`unknown published architecture "${name}"`);
      return makeSpace('imagenet');
  }
}
