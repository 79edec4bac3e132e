import { TableError } from '../engine/lut/errors';
import type { ParsedTable } from '../engine/lut/parse';
import { summarizeTable } from '../engine/lut/summary';
import { makeSpace, type Space } from '../engine/space/space';
import { parseCommand } from './args';
import { parseTableFile, resolveSpace } from './lut-file';

const USAGE = [
  'lut check <table.csv | bundled id> [--space <arch-or-space.json | small | imagenet>]',
  'lut fit <timings.csv> --column <name> [--holdout 0.2] [--seed N] [--prior <table.csv>] [--prior-weight W] [--space …] --out <table.csv>',
].join('\n  ');

/** `lut check` and `lut fit`; exit 2 on bad input, with the problems printed as JSON. */
export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'check') return await check(rest);
    if (sub === 'fit') return await (await import('./lut-fit')).fit(rest);
  } catch (err) {
    if (err instanceof TableError) {
      process.stdout.write(`${JSON.stringify({ ok: false, errors: err.issues }, null, 2)}\n`);
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  process.stderr.write(`usage:\n  ${USAGE}\n`);
  return 2;
}

/**
 * Without --space: the small layout, unless the table only fits the ImageNet layout's shapes
 * (a layer-indexed table whose recorded shapes are ImageNet's, or a shape-keyed one that only
 * covers ImageNet). Tables without shapes stay on the small layout.
 */
export async function parseWithDefaultSpace(file: string): Promise<{ parsed: ParsedTable; space: Space; spaceName: string }> {
  const small = makeSpace('small');
  let first: ParsedTable | TableError;
  try {
    first = await parseTableFile(file, small);
  } catch (err) {
    if (!(err instanceof TableError)) throw err;
    first = err;
  }
  if (!(first instanceof TableError) && first.shapesMatch) return { parsed: first, space: small, spaceName: 'small' };
  const imagenet = makeSpace('imagenet');
  try {
    const alt = await parseTableFile(file, imagenet);
    if (alt.shapesMatch) return { parsed: alt, space: imagenet, spaceName: 'imagenet' };
  } catch (err) {
    if (!(err instanceof TableError)) throw err;
  }
  if (first instanceof TableError) throw first;
  return { parsed: first, space: small, spaceName: 'small' };
}

async function check(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('lut check', argv, { space: { type: 'string' } });
  if (positionals.length !== 1) throw new Error(`usage: ${USAGE.split('\n')[0]}`);
  const file = positionals[0];
  const { parsed, space, spaceName } = values.space
    ? { parsed: await parseTableFile(file, await resolveSpace(values.space)), space: null, spaceName: values.space }
    : await parseWithDefaultSpace(file);
  const summary = summarizeTable(parsed.table, space ?? (await resolveSpace(values.space!)));
  const out = {
    ok: true,
    file,
    format: parsed.format,
    space: spaceName,
    shapesMatch: parsed.shapesMatch,
    mapping: parsed.mapping,
    warnings: parsed.warnings,
    ...summary,
    table: parsed.table.layers,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  return 0;
}
