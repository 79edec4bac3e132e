import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/lut';
import { loadTableFile } from '../src/cli/lut-file';
import { makeSpace } from '../src/engine/space/space';
import { captureCli } from './cli-capture';

const dir = mkdtempSync(join(tmpdir(), 'lut-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...argv: string[]) => captureCli(run, argv);

describe('lut check', () => {
  it('summarises a table on the small layout by default', async () => {
    const { code, out } = await cli('check', 'tests/fixtures/lut/valid-wide.csv');
    expect(code).toBe(0);
    const s = JSON.parse(out);
    expect(s).toMatchObject({ ok: true, format: 'wide', space: 'small', layers: 22, cells: 198 });
    expect(s.fixed).toEqual({ stem: 0.09601420000000001, head_conv1x1: 2.21598, avgpool: 0.019852699999999997, fc: 0.100054 });
    // the cheapest choice everywhere is skip on this table; the dearest is k5_e6 at layer 0
    expect(s.cheapest).toEqual(Array(22).fill('skip'));
    expect(s.mostExpensive[0]).toBe('k5_e6');
    expect(s.minMs).toBeLessThan(s.maxMs);
  });

  it('picks the ImageNet layout when the table records ImageNet shapes', async () => {
    const s = JSON.parse((await cli('check', 'public/luts/hwnasbench_fbnet_raspi4_imagenet.csv')).out);
    expect(s).toMatchObject({ space: 'imagenet', shapesMatch: true });
    const keyed = join(dir, 'imagenet-keys.csv');
    const src = readFileSync('public/luts/hwnasbench_fbnet_raspi4_imagenet.csv', 'utf8').split(/\r?\n/).slice(1).filter(Boolean);
    writeFileSync(
      keyed,
      [
        'lut_key,latency_ms',
        ...src.map((l) => {
          const c = l.split(',');
          return `${c.at(-1)},${c[12]}`;
        }),
      ].join('\n'),
    );
    expect(JSON.parse((await cli('check', keyed)).out)).toMatchObject({ format: 'hwnas-key', space: 'imagenet' });
  });

  it('prints the errors as JSON and exits 2', async () => {
    const { code, out, err } = await cli('check', 'tests/fixtures/lut/bad-negative.csv', '--space', 'small');
    expect(code).toBe(2);
    expect(JSON.parse(out)).toEqual({ ok: false, errors: [{ line: 8, column: 'latency_ms', message: 'latency -0.5 is negative' }] });
    expect(err).toContain('invalid latency table tests/fixtures/lut/bad-negative.csv:');
  });

  it('takes the space from an arch file', async () => {
    const arch = join(dir, 'arch.json');
    const space = makeSpace('small', { widthMultiplier: 0.5 });
    writeFileSync(arch, JSON.stringify({ format: 'fbnet-studio/arch@1', name: 'a', space, blocks: Array(22).fill('skip') }));
    const s = JSON.parse((await cli('check', 'pixel3-small', '--space', arch)).out);
    expect(s).toMatchObject({ shapesMatch: false, space: arch });
  });
});

describe('lut fit', () => {
  it('fits a HELP column, prints the held-out scores and writes a loadable table', async () => {
    const out = join(dir, 'fit.csv');
    const r = await cli(
      'fit',
      'public/data/help/help_fbnet_cifar100_per_arch_latency.csv',
      '--column',
      'gold_6226_ms',
      '--seed',
      '2',
      '--holdout',
      '0.1',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(Object.keys(s)).toEqual(['spearman', 'mape', 'train', 'test']);
    expect(s).toMatchObject({ train: 4500, test: 500 });
    expect(s.spearman).toBeGreaterThan(0.95);
    const t = await loadTableFile(out, makeSpace('small'));
    expect(t.layers.flat().every((v) => v != null && v >= 0)).toBe(true);
    expect(Object.keys(t.fixed!)).toEqual(['fixed']);
  });

  it('names an unknown column', async () => {
    const r = await cli(
      'fit',
      'public/data/help/help_fbnet_cifar100_per_arch_latency.csv',
      '--column',
      'nope',
      '--out',
      join(dir, 'x.csv'),
    );
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).errors[0].message).toMatch(/^unknown latency column "nope" \(available: /);
  });
});
