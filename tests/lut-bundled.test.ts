import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_TABLES } from '../src/engine/lut/bundled';
import { loadTableFile, parseTableFile } from '../src/cli/lut-file';
import { tableLatencyMs } from '../src/engine/lut/latency';
import { PUBLISHED_BLOCKS } from '../src/engine/space/archs';
import { makeSpace } from '../src/engine/space/space';

describe('bundled tables', () => {
  it('lists every device in both layouts with a file that exists', () => {
    const ids = BUNDLED_TABLES.map((t) => t.id).sort();
    expect(ids).toEqual(['edgegpu', 'eyeriss', 'fpga', 'pixel3', 'raspi4'].flatMap((d) => [`${d}-imagenet`, `${d}-small`]).sort());
    expect(
      BUNDLED_TABLES.filter((t) => !t.measured)
        .map((t) => t.device)
        .sort(),
    ).toEqual(['eyeriss', 'eyeriss', 'fpga', 'fpga']);
    for (const t of BUNDLED_TABLES) expect(readFileSync(`public/luts/${t.file}`, 'utf8')).toContain('lut_key');
  });

  it('parses each bundled table onto its own layout with matching shapes and all 198 cells', async () => {
    for (const t of BUNDLED_TABLES) {
      const r = await parseTableFile(t.id, makeSpace(t.layout));
      expect(r.format).toBe('long');
      expect(r.shapesMatch).toBe(true);
      expect(r.table.layers.flat().every((v) => v != null && v >= 0)).toBe(true);
      expect(Object.keys(r.table.fixed!).sort()).toEqual(['avgpool', 'fc', 'head_conv1x1', 'stem']);
    }
  });

  it('reads the Pixel 3 small table values from the file', async () => {
    const t = await loadTableFile('pixel3-small', makeSpace('small'));
    expect(t.layers[0][0]).toBe(0.244938); // layer 0, k3_e1
    expect(t.layers[1][8]).toBeCloseTo(0.0584091, 12); // layer 1 projection skip
    expect(t.fixedMs).toBeCloseTo(0.0960142 + 2.21598 + 0.0198527 + 0.100054, 12);
    // all-skip network: 22 skip cells + fixed
    const skips = t.layers.reduce((s, row) => s + row[8]!, 0);
    expect(tableLatencyMs(t, Array(22).fill('skip'))).toBeCloseTo(skips + t.fixedMs, 12);
    expect(tableLatencyMs(t, PUBLISHED_BLOCKS.fbnet_a)).toBeGreaterThan(tableLatencyMs(t, Array(22).fill('skip'))!);
  });

  it('maps a table onto a narrower space by (layer, block) and says the shapes differ', async () => {
    const r = await parseTableFile('pixel3-small', makeSpace('small', { widthMultiplier: 0.25 }));
    expect(r.shapesMatch).toBe(false);
    expect(r.mapping).toMatch(/layer 0: 16→16 channels.*this space: 8→8 channels/);
    expect(r.table.layers[0][0]).toBe(0.244938);
  });
});
