/** The exported package counts MACs and params as `fbnet cost` does, and its modules hold exactly those params. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_BLOCKS, PUBLISHED_NAMES, publishedSpace } from '../src/engine/space/archs';
import { BLOCK_NAMES, type BlockName } from '../src/engine/space/blocks';
import { archCost } from '../src/engine/space/costs';
import { Rng } from '../src/engine/rng';
import { makeSpace, numLayers, type Space } from '../src/engine/space/space';

const PACKAGE_DIR = fileURLToPath(new URL('../python/fbnet_search/', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./python/costs.py', import.meta.url));

describe('PyTorch package costs', () => {
  it('equal archCost for published, uniform and random architectures', () => {
    const tiny = makeSpace('small', { inputSize: 9, inputChannels: 1, numClasses: 7, widthMultiplier: 0.25, headChannels: 40 });
    const rng = Rng.fromSeed(4, 1);
    const cases: { space: Space; blocks: BlockName[] }[] = [
      ...PUBLISHED_NAMES.map((n) => ({ space: publishedSpace(n), blocks: PUBLISHED_BLOCKS[n] })),
      ...BLOCK_NAMES.map((b) => ({ space: tiny, blocks: Array.from({ length: numLayers(tiny) }, () => b) })),
      ...Array.from({ length: 5 }, () => ({
        space: tiny,
        blocks: Array.from({ length: numLayers(tiny) }, () => BLOCK_NAMES[rng.int(BLOCK_NAMES.length)]),
      })),
    ];
    const got = JSON.parse(
      execFileSync('/usr/bin/python3', [SCRIPT], {
        input: JSON.stringify(cases),
        env: { ...process.env, FBNET_SEARCH_DIR: PACKAGE_DIR },
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      }),
    );
    cases.forEach((c, i) => {
      const want = archCost(c.space, c.blocks);
      expect(got[i], `case ${i}`).toEqual({ macs: want.macs, params: want.params, moduleParams: want.params });
    });
  });
});
