import { BLOCK_NAMES, type BlockName } from './blocks';

/** The fixed macro-architecture around the 22 searched layers (docs/method.md §1). */
export interface Space {
  inputSize: number;
  inputChannels: number;
  numClasses: number;
  stem: { channels: number; stride: number };
  stages: { channels: number; layers: number; stride: number }[];
  headChannels: number;
  /** Blocks allowed at each searched layer; absent = all nine everywhere. */
  allowedBlocks?: BlockName[][];
}

export type LayoutName = 'imagenet' | 'small';
export const LAYOUT_NAMES: LayoutName[] = ['imagenet', 'small'];

const STAGE_CHANNELS = [16, 24, 32, 64, 112, 184, 352];
const STAGE_LAYERS = [1, 4, 4, 4, 4, 4, 1];

function layout(inputSize: number, numClasses: number, stemStride: number, strides: number[], headChannels: number): Space {
  return {
    inputSize,
    inputChannels: 3,
    numClasses,
    stem: { channels: 16, stride: stemStride },
    stages: STAGE_CHANNELS.map((channels, i) => ({ channels, layers: STAGE_LAYERS[i], stride: strides[i] })),
    headChannels,
  };
}

export const LAYOUTS: Record<LayoutName, Space> = {
  imagenet: layout(224, 1000, 2, [1, 2, 2, 2, 1, 2, 1], 1984),
  small: layout(32, 100, 1, [1, 1, 2, 2, 1, 2, 1], 1504),
};

export interface SpaceOverrides {
  inputSize?: number;
  inputChannels?: number;
  numClasses?: number;
  /** Scales stem and stage channels (ceil to a multiple of 8); the head is kept, as MobileNetV2 does for widths < 1. */
  widthMultiplier?: number;
  stemChannels?: number;
  stageChannels?: number[];
  headChannels?: number;
  /** One list for every layer, or one list per layer. */
  allowedBlocks?: BlockName[] | BlockName[][];
}

/** FBNet's channel scaling: ceil(c·scale / 8)·8. */
export function scaleChannels(c: number, scale: number): number {
  return Math.max(8, Math.ceil((c * scale) / 8) * 8);
}

export function makeSpace(base: LayoutName | Space, o: SpaceOverrides = {}): Space {
  const b = typeof base === 'string' ? LAYOUTS[base] : base;
  const w = o.widthMultiplier ?? 1;
  const scale = (c: number) => (w === 1 ? c : scaleChannels(c, w));
  const stages = b.stages.map((s, i) => ({
    ...s,
    channels: o.stageChannels?.[i] ?? scale(s.channels),
  }));
  const space: Space = {
    inputSize: o.inputSize ?? b.inputSize,
    inputChannels: o.inputChannels ?? b.inputChannels,
    numClasses: o.numClasses ?? b.numClasses,
    stem: { channels: o.stemChannels ?? scale(b.stem.channels), stride: b.stem.stride },
    stages,
    headChannels: o.headChannels ?? (w > 1 ? scale(b.headChannels) : b.headChannels),
  };
  const nl = numLayers(space);
  if (o.allowedBlocks) {
    const a = o.allowedBlocks;
    space.allowedBlocks = isPerLayer(a) ? a.map((l) => [...l]) : Array.from({ length: nl }, () => [...a]);
  } else if (b.allowedBlocks) {
    space.allowedBlocks = b.allowedBlocks.map((l) => [...l]);
  }
  return space;
}

function isPerLayer(a: BlockName[] | BlockName[][]): a is BlockName[][] {
  return a.length > 0 && Array.isArray(a[0]);
}

export function numLayers(space: Space): number {
  return space.stages.reduce((n, s) => n + s.layers, 0);
}

/** "same" padding: output = ceil(input / stride). */
export function convOut(size: number, stride: number): number {
  return Math.ceil(size / stride);
}

export interface LayerShape {
  index: number;
  stage: number;
  inputSize: number;
  outputSize: number;
  cIn: number;
  cOut: number;
  stride: number;
  /** skip is an identity here; otherwise it is a 1×1 conv-BN-ReLU projection. */
  identitySkip: boolean;
}

export function layerShapes(space: Space): LayerShape[] {
  const out: LayerShape[] = [];
  let size = convOut(space.inputSize, space.stem.stride);
  let c = space.stem.channels;
  space.stages.forEach((st, stage) => {
    for (let j = 0; j < st.layers; j++) {
      const stride = j === 0 ? st.stride : 1;
      const outputSize = convOut(size, stride);
      out.push({
        index: out.length,
        stage,
        inputSize: size,
        outputSize,
        cIn: c,
        cOut: st.channels,
        stride,
        identitySkip: stride === 1 && c === st.channels,
      });
      size = outputSize;
      c = st.channels;
    }
  });
  return out;
}

/** Spatial size and channels entering the head 1×1 conv. */
export function headInput(space: Space): { size: number; channels: number } {
  const shapes = layerShapes(space);
  const last = shapes[shapes.length - 1];
  return last
    ? { size: last.outputSize, channels: last.cOut }
    : { size: convOut(space.inputSize, space.stem.stride), channels: space.stem.channels };
}

export function allowedAt(space: Space, layer: number): BlockName[] {
  return space.allowedBlocks?.[layer] ?? [...BLOCK_NAMES];
}

/** 22×9 mask, true where the block may be chosen. */
export function allowedMask(space: Space): boolean[][] {
  return Array.from({ length: numLayers(space) }, (_, l) => {
    const a = allowedAt(space, l);
    return BLOCK_NAMES.map((b) => a.includes(b));
  });
}
