import { tableToCsv } from '../engine/lut/export';
import { fitTable } from '../engine/lut/fit';
import { parseArchTimings } from '../engine/lut/timings';
import { makeSpace } from '../engine/space/space';
import { numberArg, parseCommand } from './args';
import { loadTableFile, readTableText, resolveSpace, writeText } from './lut-file';

/** `lut fit`: a per-block table fitted to whole-model timings, scored on held-out architectures. */
export async function fit(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('lut fit', argv, {
    column: { type: 'string' },
    holdout: { type: 'string' },
    seed: { type: 'string' },
    prior: { type: 'string' },
    'prior-weight': { type: 'string' },
    space: { type: 'string' },
    out: { type: 'string' },
  });
  if (positionals.length !== 1 || !values.column || !values.out) {
    throw new Error(
      'usage: lut fit <timings.csv> --column <name> [--holdout 0.2] [--seed N] [--prior <table.csv>] [--prior-weight W] [--space …] --out <table.csv>',
    );
  }
  const space = values.space ? await resolveSpace(values.space) : makeSpace('small');
  const { archs, latencyMs } = parseArchTimings(await readTableText(positionals[0]), { column: values.column });
  const prior = values.prior ? await loadTableFile(values.prior, space) : undefined;
  const r = fitTable(archs, latencyMs, space, {
    holdout: numberArg('lut fit', 'holdout', values.holdout, 0.2),
    seed: numberArg('lut fit', 'seed', values.seed, 0),
    prior,
    priorWeight: values['prior-weight'] === undefined ? undefined : numberArg('lut fit', 'prior-weight', values['prior-weight'], 1),
  });
  r.table.name = `fitted to ${values.column}`;
  await writeText(values.out, tableToCsv(r.table, space));
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  process.stdout.write(`${JSON.stringify({ spearman: r.spearman, mape: r.mape, train: r.train, test: r.test })}\n`);
  return 0;
}
