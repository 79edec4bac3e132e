import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/cli/commands';
import { COMMAND_HELP } from '../src/cli/help';
import { captureCli } from './cli-capture';

const cli = (...argv: string[]) => captureCli(dispatch, argv);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('fbnet --help and --version', () => {
  it('--help exits 0 and lists every command', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    for (const name of ['cost', 'search', 'export-search', 'lut', 'train']) expect(out).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('<command> --help exits 0 with its usage and flags, without running it', async () => {
    for (const name of Object.keys(COMMAND_HELP) as (keyof typeof COMMAND_HELP)[]) {
      const { code, out } = await cli(name, '--help');
      expect(code).toBe(0);
      expect(out.startsWith(`usage: ${name} `)).toBe(true);
      for (const [flag] of COMMAND_HELP[name].flags) expect(out).toContain(flag);
    }
    const { out } = await cli('train', '--help');
    expect(out).toMatch(/--epochs N +training epochs/);
    expect(out).toMatch(/--backend wasm\|cpu/);
  });

  it('--version prints package.json version', async () => {
    expect(await cli('--version')).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });

  it('no command or an unknown one is a usage error on stderr', async () => {
    expect(await cli()).toMatchObject({ code: 2, out: '' });
    const r = await cli('nope');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "nope"/);
  });

  it('the bin entry points at a launcher that exists, and engines asks for node 20.19+', () => {
    expect(pkg.bin.fbnet).toBe('bin/fbnet.js');
    expect(readFileSync(new URL(`../${pkg.bin.fbnet}`, import.meta.url), 'utf8')).toMatch(/^#!\/usr\/bin\/env node/);
    expect(pkg.engines.node).toBe('>=20.19');
    expect(pkg.dependencies.comlink).toBeUndefined();
  });
});
