import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_BLOCKS, publishedSpace } from '../src/engine/space/archs';
import { BLOCK_NAMES, type BlockName } from '../src/engine/space/blocks';
import { archCost } from '../src/engine/space/costs';
import { pytorchModule } from '../src/engine/export';
import { makeSpace, numLayers } from '../src/engine/space/space';

const PYTHON = '/usr/bin/python3';

function runModel(source: string): { params: number; output: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'fbnet-py-'));
  const file = join(dir, 'model.py');
  writeFileSync(file, source);
  const out = execFileSync(PYTHON, [file], { encoding: 'utf8' });
  const params = Number(/^params (\d+)$/m.exec(out)?.[1]);
  const output = (/^output \(([\d, ]+)\)$/m.exec(out)?.[1] ?? '').split(',').map((s) => Number(s.trim()));
  return { params, output };
}

const tiny = makeSpace('small', { inputSize: 8, inputChannels: 1, numClasses: 3, widthMultiplier: 0.25, headChannels: 32 });
const mixed: BlockName[] = Array.from({ length: numLayers(tiny) }, (_, l) => BLOCK_NAMES[(l * 5) % BLOCK_NAMES.length]);
const cases = [
  { name: 'every block, tiny space', space: tiny, blocks: mixed },
  { name: 'fbnet_a (ImageNet)', space: publishedSpace('fbnet_a'), blocks: PUBLISHED_BLOCKS.fbnet_a },
  { name: 'fbnet_96_035_1', space: publishedSpace('fbnet_96_035_1'), blocks: PUBLISHED_BLOCKS.fbnet_96_035_1 },
];

describe('pytorchModule', () => {
  it.each(cases)('declares exactly archCost params and a consistent forward under torch: $name', ({ name, space, blocks }) => {
    expect(new Set(mixed)).toEqual(new Set(BLOCK_NAMES));
    const source = pytorchModule({ name, space, blocks });
    const cost = archCost(space, blocks);
    expect(runModel(source)).toEqual({ params: cost.params, output: [2, space.numClasses] });
  });

  it('names every layer with its block and keeps the shuffle only for grouped blocks', () => {
    const source = pytorchModule({ name: 'tiny', space: tiny, blocks: mixed });
    mixed.forEach((b, l) => expect(source).toContain(`# layer ${l + 1}: ${b}\n`));
    const grouped = (source.match(/groups=2, stride/g) ?? []).length;
    expect(grouped).toBe(mixed.filter((b) => b.endsWith('_g2')).length);
  });
});
