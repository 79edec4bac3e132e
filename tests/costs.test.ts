import { describe, expect, it } from 'vitest';
import { archCost, blockCost } from '../src/engine/space/costs';
import { PUBLISHED_BLOCKS, publishedSpace } from '../src/engine/space/archs';
import { layerShapes, makeSpace } from '../src/engine/space/space';

describe('costs', () => {
  it('reproduces the paper figures for FBNet-A and FBNet-96-0.35-1', () => {
    const a = archCost(publishedSpace('fbnet_a'), PUBLISHED_BLOCKS.fbnet_a);
    expect(a.macs / 1e6).toBeCloseTo(249.9, 1);
    expect(a.params / 1e6).toBeCloseTo(4.32, 2);
    const s = archCost(publishedSpace('fbnet_96_035_1'), PUBLISHED_BLOCKS.fbnet_96_035_1);
    expect(s.macs / 1e6).toBeCloseTo(12.9, 1);
  });

  it('counts a block exactly by hand on the small layout', () => {
    const sh = layerShapes(makeSpace('small'))[1]; // 16→24, stride 1, 32×32
    expect(sh).toMatchObject({ cIn: 16, cOut: 24, stride: 1, inputSize: 32, outputSize: 32, identitySkip: false });
    // k5_e1_g2: pw 16→16 g2 (128 w), dw 16×25, pw 16→24 g2 (192 w); BN 2·(16+16+24)
    const c = blockCost('k5_e1_g2', sh);
    expect(c.params).toBe(128 + 400 + 192 + 2 * 56);
    expect(c.macs).toBe((128 + 400 + 192) * 32 * 32);
    // skip here is a 1×1 projection 16→24
    expect(blockCost('skip', sh)).toEqual({ macs: 16 * 24 * 1024, params: 16 * 24 + 48 });
    expect(blockCost('skip', layerShapes(makeSpace('small'))[2])).toEqual({ macs: 0, params: 0 });
  });

  it('derives the small layout spatial sizes 32,32,16,8,8,4,4', () => {
    const sh = layerShapes(makeSpace('small'));
    const byStage = [0, 1, 2, 3, 4, 5, 6].map((s) => sh.filter((l) => l.stage === s).at(-1)!.outputSize);
    expect(byStage).toEqual([32, 32, 16, 8, 8, 4, 4]);
    expect(sh).toHaveLength(22);
  });

  it('scales channels by ceil(c·w/8)·8', () => {
    const s = makeSpace('imagenet', { widthMultiplier: 0.35 });
    expect(s.stem.channels).toBe(8);
    expect(s.stages.map((x) => x.channels)).toEqual([8, 16, 16, 24, 40, 72, 128]);
    expect(s.headChannels).toBe(1984);
  });
});
