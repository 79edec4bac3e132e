import { blockSpec, type BlockName } from './blocks';
import { convOut, headInput, layerShapes, type LayerShape, type Space } from './space';

/** MACs and params by docs/method.md §2: conv/fc weights × output positions; params = weights + BN γ,β + fc bias. */
export interface Cost {
  macs: number;
  params: number;
}

const conv = (cin: number, cout: number, k: number, groups: number, outSize: number): Cost => {
  const w = (cin / groups) * cout * k * k;
  return { macs: w * outSize * outSize, params: w + 2 * cout };
};

const add = (...cs: Cost[]): Cost => ({
  macs: cs.reduce((s, c) => s + c.macs, 0),
  params: cs.reduce((s, c) => s + c.params, 0),
});

export function blockCost(name: BlockName, shape: LayerShape): Cost {
  const spec = blockSpec(name);
  if (spec.kind === 'skip') {
    return shape.identitySkip ? { macs: 0, params: 0 } : conv(shape.cIn, shape.cOut, 1, 1, shape.outputSize);
  }
  const mid = shape.cIn * spec.expansion;
  return add(
    conv(shape.cIn, mid, 1, spec.groups, shape.inputSize),
    conv(mid, mid, spec.kernel, mid, shape.outputSize),
    conv(mid, shape.cOut, 1, spec.groups, shape.outputSize),
  );
}

export interface FixedCosts {
  stem: Cost;
  head: Cost;
  fc: Cost;
}

export function fixedCosts(space: Space): FixedCosts {
  const stemOut = convOut(space.inputSize, space.stem.stride);
  const h = headInput(space);
  return {
    stem: conv(space.inputChannels, space.stem.channels, 3, 1, stemOut),
    head: conv(h.channels, space.headChannels, 1, 1, h.size),
    fc: {
      macs: space.headChannels * space.numClasses,
      params: space.headChannels * space.numClasses + space.numClasses,
    },
  };
}

export interface ArchCost extends Cost {
  layers: ({ layer: number; block: BlockName } & Cost)[];
  fixed: FixedCosts;
}

export function archCost(space: Space, blocks: BlockName[]): ArchCost {
  const shapes = layerShapes(space);
  if (blocks.length !== shapes.length) {
    throw new Error(`architecture has ${blocks.length} blocks, the space has ${shapes.length} layers`);
  }
  const layers = shapes.map((s, i) => ({ layer: i, block: blocks[i], ...blockCost(blocks[i], s) }));
  const fixed = fixedCosts(space);
  const total = add(fixed.stem, fixed.head, fixed.fc, ...layers);
  return { ...total, layers, fixed };
}
