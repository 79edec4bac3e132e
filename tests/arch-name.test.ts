import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run as cost } from '../src/cli/cost';
import { parseRunResult } from '../src/engine/runs/pytorch-run';
import { archSchema } from '../src/engine/schemas';
import { makeSpace, numLayers } from '../src/engine/space/space';
import { captureCli } from './cli-capture';

const dir = mkdtempSync(join(tmpdir(), 'arch-name-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const space = makeSpace('small', { inputSize: 8, widthMultiplier: 0.25, headChannels: 16 });
const blocks = Array(numLayers(space)).fill('k3_e1');
const unnamed = { format: 'fbnet-studio/arch@1', space, blocks };

describe('arch@1 name is optional', () => {
  it('an arch without a name is "imported" when no file name is at hand, and keeps a given name', () => {
    expect(archSchema.parse(unnamed).name).toBe('imported');
    expect(archSchema.parse({ ...unnamed, name: 'mine' }).name).toBe('mine');
    expect(archSchema.safeParse({ ...unnamed, name: '' }).success).toBe(false);
  });

  it('the CLI names an unnamed arch after its file', async () => {
    const file = join(dir, 'tiny-net.json');
    writeFileSync(file, JSON.stringify(unnamed));
    const { code, out } = await captureCli(cost, [file]);
    expect(code).toBe(0);
    expect(JSON.parse(out).name).toBe('tiny-net');
  });

  it('a search result imported into the studio names its unnamed argmax "imported"', () => {
    const probs = Array.from({ length: blocks.length }, () => Array(9).fill(1 / 9));
    const r = parseRunResult(
      JSON.stringify({
        format: 'fbnet-studio/search-result@1',
        space,
        argmax: unnamed,
        samples: [],
        probabilities: probs,
        history: [],
        config: {},
      }),
    );
    expect(r.argmax.name).toBe('imported');
  });
});
