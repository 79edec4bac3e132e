import { describe, expect, it } from 'vitest';
import { PUBLISHED_BLOCKS, PUBLISHED_NAMES } from '../src/engine/space/archs';
import { BLOCK_NAMES, type BlockName } from '../src/engine/space/blocks';
import { tableLatencyMs, type LatencyTable } from '../src/engine/lut/latency';
import { allowedAt, makeSpace, numLayers } from '../src/engine/space/space';
import { CHEAPEST, crossDeviceMatrix, MOBILENET_V2_LIKE, nearestAllowed, paretoFront, referenceArchitectures } from '../src/engine/retrain';
import { syntheticTable } from './synthetic';

describe('referenceArchitectures', () => {
  it('keeps the published nets as they are where every block is allowed', () => {
    const space = makeSpace('small');
    const refs = referenceArchitectures(space);
    expect(refs.map((r) => r.name)).toEqual([...PUBLISHED_NAMES, MOBILENET_V2_LIKE, CHEAPEST]);
    for (const n of PUBLISHED_NAMES)
      expect(refs.find((r) => r.name === n)).toEqual({ name: n, blocks: PUBLISHED_BLOCKS[n], substitutions: [] });
    expect(refs.find((r) => r.name === MOBILENET_V2_LIKE)!.blocks).toEqual(Array(22).fill('k3_e6'));
    expect(refs.find((r) => r.name === CHEAPEST)!.blocks).toEqual(Array(22).fill('skip'));
  });

  it('maps disallowed blocks to the nearest allowed one and lists each replacement', () => {
    const allowed: BlockName[][] = Array.from({ length: 22 }, (_, l) =>
      l === 0 ? ['k3_e1', 'k5_e1'] : ['k3_e3', 'k5_e6', 'k3_e1_g2', 'skip'],
    );
    const space = makeSpace('small', { allowedBlocks: allowed });
    const refs = referenceArchitectures(space);
    for (const r of refs) r.blocks.forEach((b, l) => expect(allowedAt(space, l)).toContain(b));
    const a = refs.find((r) => r.name === 'fbnet_a')!;
    // fbnet_a: skip at layer 1 (not allowed there); k3_e1 at layer 3 → grouped k3_e1_g2 is nearest.
    expect(a.substitutions).toContainEqual({ layer: 2, from: 'k3_e1', to: 'k3_e1_g2' });
    expect(a.substitutions.find((s) => s.layer === 0)).toMatchObject({ from: 'skip' });
    for (const s of a.substitutions) expect(a.blocks[s.layer]).toBe(s.to);
    const kept = PUBLISHED_BLOCKS.fbnet_a.filter((b, l) => allowedAt(space, l).includes(b)).length;
    expect(a.substitutions).toHaveLength(22 - kept);
    // k3_e6 is nowhere allowed: expansion counts before kernel size, so k5_e6 is nearer than k3_e3.
    expect(refs.find((r) => r.name === MOBILENET_V2_LIKE)!.blocks).toEqual(['k3_e1', ...Array(21).fill('k5_e6')]);
    expect(nearestAllowed(space, 5, 'k5_e3')).toBe('k3_e3');
    expect(nearestAllowed(space, 5, 'k3_e6')).toBe('k5_e6');
    expect(nearestAllowed(space, 5, 'k3_e1')).toBe('k3_e1_g2');
  });

  it('cheapest: skip wherever allowed, else the fastest block by the table', () => {
    const allowed: BlockName[][] = Array.from({ length: 22 }, (_, l) => (l % 2 ? ['k3_e6', 'k5_e1', 'k3_e1'] : ['k3_e3', 'skip']));
    const space = makeSpace('small', { allowedBlocks: allowed });
    const table = syntheticTable(space);
    // Make k5_e1 the fastest at odd layers, against its usual order.
    table.layers.forEach((row, l) => {
      if (l % 2) row[BLOCK_NAMES.indexOf('k5_e1')] = 0.01;
    });
    const cheapest = referenceArchitectures(space, table).find((r) => r.name === CHEAPEST)!.blocks;
    expect(cheapest).toEqual(Array.from({ length: 22 }, (_, l) => (l % 2 ? 'k5_e1' : 'skip')));
    // Without a table, the fewest MACs: k3_e1.
    expect(referenceArchitectures(space).find((r) => r.name === CHEAPEST)!.blocks[1]).toBe('k3_e1');
  });

  it('leaves out the 22-layer published nets in a space with another depth', () => {
    const space = makeSpace({ ...makeSpace('small'), stages: [{ channels: 16, layers: 3, stride: 1 }] });
    expect(numLayers(space)).toBe(3);
    expect(referenceArchitectures(space).map((r) => r.name)).toEqual([MOBILENET_V2_LIKE, CHEAPEST]);
  });
});

describe('paretoFront', () => {
  it('keeps the non-dominated points, fastest first', () => {
    const pts = [
      { latencyMs: 10, accuracy: 0.8 }, // 0: front
      { latencyMs: 5, accuracy: 0.7 }, // 1: front
      { latencyMs: 12, accuracy: 0.75 }, // 2: dominated by 0
      { latencyMs: 20, accuracy: 0.9 }, // 3: front
      { latencyMs: 5, accuracy: 0.6 }, // 4: dominated by 1 (same latency)
      { latencyMs: Number.NaN, accuracy: 1 }, // 5: unknown latency
      { latencyMs: 10, accuracy: 0.8 }, // 6: tie with 0: neither dominates
    ];
    expect(paretoFront(pts)).toEqual([1, 0, 6, 3]);
    expect(paretoFront([])).toEqual([]);
  });
});

describe('crossDeviceMatrix', () => {
  it("times each device's architecture with every device's table", () => {
    const space = makeSpace('small');
    const a = syntheticTable(space);
    const b: LatencyTable = { name: 'b', layers: a.layers.map((row) => [...row].reverse()), fixedMs: 2 };
    const archA = { name: 'arch-a', blocks: Array(22).fill('skip') as BlockName[] };
    const archB = { name: 'arch-b', blocks: Array(22).fill('k3_e1') as BlockName[] };
    const m = crossDeviceMatrix([archA, archB], [a, b]);
    expect(m.archs).toEqual(['arch-a', 'arch-b']);
    expect(m.tables).toEqual(['synthetic', 'b']);
    expect(m.ms).toEqual([
      [tableLatencyMs(a, archA.blocks), tableLatencyMs(b, archA.blocks)],
      [tableLatencyMs(a, archB.blocks), tableLatencyMs(b, archB.blocks)],
    ]);
    // In table b (reversed), skip is the slowest block and k3_e1 the fastest.
    expect(m.fastest).toEqual([0, 1]);
    const holes: LatencyTable = { ...a, name: 'holes', layers: a.layers.map((row) => row.map((v, i) => (i === 0 ? null : v))) };
    expect(crossDeviceMatrix([archB], [holes]).ms).toEqual([[null]]);
    expect(crossDeviceMatrix([archB], [holes]).fastest).toEqual([null]);
  });
});
