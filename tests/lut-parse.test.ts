import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLatencyTable } from '../src/engine/lut/parse';
import { MAX_TABLE_BYTES, TableError, type TableIssue } from '../src/engine/lut/errors';
import { tableToCsv } from '../src/engine/lut/export';
import { makeSpace } from '../src/engine/space/space';
import type { LatencyTable } from '../src/engine/lut/latency';
import type { BlockName } from '../src/engine/space/blocks';

const fixture = (f: string) => readFileSync(`tests/fixtures/lut/${f}`, 'utf8');
const small = makeSpace('small');
const restricted = makeSpace('small', { allowedBlocks: ['k3_e1', 'skip'] });
const pixel3 = parseLatencyTable(readFileSync('public/luts/hwnasbench_fbnet_pixel3_cifar100.csv', 'utf8'), small).table;

function issuesOf(text: string, space = restricted): TableIssue[] {
  try {
    parseLatencyTable(text, space);
  } catch (err) {
    expect(err).toBeInstanceOf(TableError);
    return (err as TableError).issues;
  }
  throw new Error('expected a TableError');
}

/** Same cells and fixed total; unit-converted values may differ in the last bit. */
function expectSameTable(t: LatencyTable, ref: LatencyTable) {
  expect(t.layers.length).toBe(ref.layers.length);
  t.layers.forEach((row, l) =>
    row.forEach((v, b) => {
      const r = ref.layers[l][b]!;
      expect(v).not.toBeNull();
      expect(Math.abs(v! - r)).toBeLessThanOrEqual(1e-12 * r);
    }),
  );
  expect(Math.abs(t.fixedMs - ref.fixedMs)).toBeLessThanOrEqual(1e-12 * ref.fixedMs);
}

describe('parseLatencyTable: one table in every format', () => {
  const cases: [string, string][] = [
    ['valid-long-ms.csv', 'long'],
    ['valid-long-us-semicolon.csv', 'long'],
    ['valid-long-unit-tab.tsv', 'long'],
    ['valid-wide.csv', 'wide'],
    ['valid-hwnas-keys.csv', 'hwnas-key'],
    ['valid-signature-block.csv', 'signature'],
  ];
  for (const [file, format] of cases) {
    it(`${file} gives the Pixel 3 small table (${format})`, () => {
      const r = parseLatencyTable(fixture(file), small);
      expect(r.format).toBe(format);
      expect(r.shapesMatch).toBe(true);
      expectSameTable(r.table, pixel3);
      expect(r.table.fixed).toEqual(Object.fromEntries(Object.entries(pixel3.fixed!).map(([k, v]) => [k, expect.closeTo(v, 12)])));
      if (format === 'long' || format === 'wide') expect(r.warnings).toEqual([]);
    });
  }

  it('keeps ms values bit-exact in ms formats', () => {
    for (const f of ['valid-long-ms.csv', 'valid-wide.csv', 'valid-hwnas-keys.csv', 'valid-signature-block.csv']) {
      expect(parseLatencyTable(fixture(f), small).table.layers).toEqual(pixel3.layers);
    }
  });

  it('reads op signatures given as kernel/expansion/group, without fixed ops', () => {
    const r = parseLatencyTable(fixture('valid-signature-kernel.csv'), small);
    expect(r.format).toBe('signature');
    expectSameTable({ ...r.table, fixedMs: pixel3.fixedMs }, pixel3);
    expect(r.table.fixedMs).toBe(0);
    expect(r.warnings.join('\n')).toMatch(/fixed op stem \(ConvNorm_H32_W32_Cin3_Cout16_kernel3_stride1_group1\) is not in the table/);
  });

  it('shape-keyed tables must cover the space: a wider space reports the cells it cannot find', () => {
    const wider = makeSpace('small', { widthMultiplier: 2 });
    const issues = issuesOf(fixture('valid-hwnas-keys.csv'), wider);
    expect(issues).toHaveLength(22);
    expect(issues[0].message).toBe(
      'layer 0: no latency for any allowed block (nothing in the table has its shape, 32→32 channels at 32×32, stride 1)',
    );
    const partial = fixture('valid-hwnas-keys.csv').replace(/^ConvBlock_H8_W8_Cin64_Cout112_exp6_kernel5_stride1_group1,.*$/m, '');
    expect(issuesOf(partial, small).map((i) => i.message)).toEqual([
      'layer 13: no latency for allowed block k5_e6 (ConvBlock_H8_W8_Cin64_Cout112_exp6_kernel5_stride1_group1)',
    ]);
  });

  it('layer-indexed tables map onto another space by (layer, block) and say so', () => {
    const r = parseLatencyTable(fixture('valid-long-ms.csv'), makeSpace('imagenet'));
    expect(r.shapesMatch).toBe(true); // no shape columns: nothing to contradict
    expect(r.mapping).toMatch(/no shapes/);
    const shipped = parseLatencyTable(readFileSync('public/luts/hwnasbench_fbnet_pixel3_cifar100.csv', 'utf8'), makeSpace('imagenet'));
    expect(shipped.shapesMatch).toBe(false);
    expect(shipped.table.layers).toEqual(pixel3.layers);
  });

  it('round-trips through tableToCsv (both units written, shapes of the space)', () => {
    const csv = tableToCsv(pixel3, small);
    expect(csv.split('\n')[1]).toBe('layer,block,in_channels,out_channels,input_hw,stride,latency_ms,latency_us');
    expect(csv).toContain('\n1,skip,16,24,32,1,0.058409100000000005,58.4091\n');
    const back = parseLatencyTable(csv, small);
    expect(back.table.layers).toEqual(pixel3.layers);
    expect(back.table.fixed).toEqual(pixel3.fixed);
    expect(back.shapesMatch).toBe(true);
    const lumped = parseLatencyTable(tableToCsv({ name: 'x', layers: pixel3.layers, fixedMs: 1.5 }, small), small).table;
    expect(lumped.fixed).toEqual({ fixed: 1.5 });
    expect(lumped.fixedMs).toBe(1.5);
  });

  it('accepts a table restricted to the allowed blocks of the space', () => {
    const r = parseLatencyTable(fixture('valid-restricted.csv'), restricted);
    expect(r.table.layers[5]).toEqual([pixel3.layers[5][0], null, null, null, null, null, null, null, pixel3.layers[5][8]]);
  });
});

describe('parseLatencyTable: malformed files name the line and column', () => {
  const one = (file: string, space = restricted) => {
    const issues = issuesOf(fixture(file), space);
    expect(issues).toHaveLength(1);
    return issues[0];
  };

  it('non-numeric latency', () => {
    expect(one('bad-non-numeric.csv')).toEqual({ line: 7, column: 'latency_ms', message: 'latency "fast" is not a number' });
  });
  it('negative latency', () => {
    expect(one('bad-negative.csv')).toEqual({ line: 8, column: 'latency_ms', message: 'latency -0.5 is negative' });
  });
  it('non-finite latency', () => {
    expect(one('bad-non-finite.csv')).toEqual({ line: 9, column: 'latency_ms', message: 'latency "Infinity" is not finite' });
  });
  it('unknown block name', () => {
    expect(one('bad-unknown-block.csv')).toMatchObject({
      line: 10,
      column: 'block',
      message: expect.stringMatching(/^unknown block "k7_e6" \(expected one of k3_e1, /),
    });
  });
  it('layer out of range', () => {
    expect(one('bad-layer-range.csv')).toEqual({
      line: 47,
      column: 'layer',
      message: 'layer 22 is out of range (this space has 22 layers, 0–21)',
    });
  });
  it('conflicting duplicate names both lines', () => {
    expect(one('bad-duplicate.csv')).toEqual({
      line: 51,
      column: 'latency_ms',
      message: 'conflicting duplicate for layer 4, skip: 0.9 ms here, 0.00659149 ms on line 12',
    });
  });
  it('missing cells of allowed blocks are listed per layer', () => {
    const issues = issuesOf(fixture('bad-missing-cells.csv'));
    expect(issues.map((i) => i.message)).toEqual([
      'layer 3: no latency for allowed block skip',
      'layer 7: no latency for allowed block k3_e1',
    ]);
    // the same file is complete enough for a space that allows neither missing block there
    const loose = makeSpace('small', {
      allowedBlocks: Array.from({ length: 22 }, (_, l) => (l === 3 ? ['k3_e1'] : l === 7 ? ['skip'] : ['k3_e1', 'skip']) as BlockName[]),
    });
    expect(parseLatencyTable(fixture('bad-missing-cells.csv'), loose).table.layers[3][8]).toBeNull();
  });
  it('missing latency cell', () => {
    expect(one('bad-missing-latency.csv')).toEqual({ line: 12, column: 'latency_ms', message: 'latency is missing' });
  });
  it('unknown unit', () => {
    expect(one('bad-unit.csv')).toEqual({ line: 4, column: 'unit', message: 'unknown unit "minutes" (expected ms, us or s)' });
  });
  it('unrecognised HW-NAS-Bench key', () => {
    expect(one('bad-lut-key.csv', small)).toMatchObject({
      line: 3,
      column: 'lut_key',
      message: expect.stringMatching(/^unrecognised lut_key "ConvBlok_H32_W32"/),
    });
  });
  it('unknown block column in the wide format', () => {
    expect(one('bad-wide-block.csv')).toMatchObject({ line: 1, column: 'k3_e2', message: expect.stringMatching(/^unknown block "k3_e2"/) });
  });
  it('no latency column', () => {
    expect(one('bad-no-latency.csv')).toMatchObject({
      line: 1,
      message: expect.stringMatching(/^no latency column: expected "latency_ms".*found: layer, block, time/),
    });
  });
  it('empty file and header-only file', () => {
    expect(one('bad-empty.csv')).toEqual({ message: 'file is empty (no header, no rows)' });
    expect(one('bad-header-only.csv')).toEqual({ line: 1, message: 'file has a header but no rows' });
  });
  it('unclosed quote', () => {
    expect(one('bad-unclosed-quote.csv')).toMatchObject({ line: 3, message: expect.stringMatching(/quote/i) });
  });
  it('files over MAX_TABLE_BYTES', () => {
    const big = `layer,block,latency_ms\n${'0,k3_e1,0.1\n'.repeat(Math.ceil(MAX_TABLE_BYTES / 12) + 1)}`;
    expect(issuesOf(big)[0].message).toMatch(/^file is 5\.0 MB; the limit is 5 MB$/);
  });
  it('puts every issue in the error message', () => {
    const text = fixture('bad-non-numeric.csv').replace('3,skip,', '3,skip,-');
    expect(() => parseLatencyTable(text, restricted)).toThrow(
      /invalid latency table:\n {2}line 7, column "latency_ms": latency "fast" is not a number\n {2}line 10, column "latency_ms": latency -0\.\d+ is negative/,
    );
  });
});
