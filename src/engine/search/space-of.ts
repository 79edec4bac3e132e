/** The space a search config describes, completed from the data it runs on. */
import type { SearchConfig } from '../schemas';
import { LAYOUTS, makeSpace, type LayoutName, type Space } from '../space/space';

/**
 * A layout (scaled by widthMultiplier) or an explicit space object (taken as given: its channels
 * are already chosen, so widthMultiplier does not apply), then the inputSize/headChannels/
 * allowedBlocks overrides; input channels and classes come from the data, and the input size
 * from the data when the config does not set one.
 */
export function resolveSpace(config: SearchConfig, data: { channels: number; numClasses: number; size?: number }): Space {
  const base = config.space;
  const isLayout = typeof base === 'string';
  if (isLayout && !(base in LAYOUTS)) throw new Error(`unknown layout "${base}" (expected ${Object.keys(LAYOUTS).join(' or ')})`);
  return makeSpace(isLayout ? (base as LayoutName) : (base as Space), {
    widthMultiplier: isLayout ? config.widthMultiplier : undefined,
    inputSize: config.inputSize ?? data.size,
    headChannels: config.headChannels,
    allowedBlocks: config.allowedBlocks,
    inputChannels: data.channels,
    numClasses: data.numClasses,
  });
}
