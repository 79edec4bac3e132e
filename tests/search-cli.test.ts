import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/search';
import { PRESETS, presetById } from '../src/engine/search/presets';
import { searchConfigSchema } from '../src/engine/schemas';
import { captureCli } from './cli-capture';

describe('fbnet search --preset', () => {
  it("runs the studio's default preset with a config's keys laid over it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fbnet-preset-'));
    const overrides = join(dir, 'small.json');
    // Shrunk so the test stays short; every key not named here is the preset's.
    const small = { trainSamples: 80, testSamples: 16, epochs: 2, warmupEpochs: 1, thetaEvery: 1, inputSize: 8, beta: 0 };
    writeFileSync(overrides, JSON.stringify(small));
    const { code, out, err } = await captureCli(run, ['--preset', 'default', '--config', overrides, '--out', dir, '--backend', 'wasm']);
    expect(err).not.toMatch(/error/i);
    expect(code).toBe(0);
    expect(out).toMatch(/^step 1\//m);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    const want = searchConfigSchema.parse({ ...PRESETS[0].config, ...small });
    for (const [k, v] of Object.entries(want)) if (k !== 'lut') expect([k, result.config[k]]).toEqual([k, v]);
    expect(result.config.lut).toBe('pixel3-small');
    expect(presetById('default')).toBe(PRESETS[0]);
  });

  it('names an unknown preset and a preset config that does not parse', async () => {
    await expect(captureCli(run, ['--preset', 'fastest', '--out', 'x'])).rejects.toThrow(
      /unknown preset "fastest" \(expected cpu-quick, paper, gpu\)/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'fbnet-preset-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ beta: -1 }));
    await expect(captureCli(run, ['--preset', 'default', '--config', bad, '--out', dir])).rejects.toThrow(
      /preset "default" with .*bad\.json[\s\S]*beta/,
    );
  });
});
