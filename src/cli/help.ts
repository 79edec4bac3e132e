import { readFileSync } from 'node:fs';

/** One command's help: what `fbnet <command> --help` prints, and the usage its errors quote. */
export interface CommandHelp {
  usage: string;
  summary: string;
  flags: [flag: string, what: string][];
}

const BUDGET_FLAGS: CommandHelp['flags'] = [
  ['--train-samples N', "training images (default: the default preset's)"],
  ['--test-samples N', "test images (default: the default preset's)"],
  ['--batch-size N', "images per step (default: the default preset's)"],
  ['--lr X', "SGD learning rate, cosine-annealed (default: the default preset's w learning rate)"],
  ['--seed N', 'data subset, initialisation and shuffling seed'],
  ['--backend wasm|cpu', 'tfjs backend (default wasm)'],
];

/** The one table of commands: main.ts loads them by these names and prints this help. */
export const COMMAND_HELP = {
  cost: {
    usage: 'cost <arch.json | published name> [--lut <table.csv | bundled id>]',
    summary: 'MACs, parameters and table latency of an architecture, as one JSON object',
    flags: [['--lut <table>', 'a latency table file or bundled id (e.g. pixel3-small) for latencyMs']],
  },
  search: {
    usage: 'search (--preset <id> [--config <overrides.json>] | --config <config.json>) --out <dir> [--backend wasm|cpu] [--json]',
    summary: 'runs a DNAS search: one progress line per event on stdout, then <dir>/result.json',
    flags: [
      ['--preset <id>', 'a studio preset (its config; --config overrides its keys)'],
      ['--config <file>', 'a search config JSON (docs/schemas/search-config.schema.json)'],
      ['--out <dir>', 'where result.json is written'],
      ['--backend wasm|cpu', 'tfjs backend (default wasm)'],
      ['--json', 'progress as one JSON object per line instead of text'],
    ],
  },
  'export-search': {
    usage: 'export-search --config <config.json> --out <dir> [--no-data]',
    summary: 'the search as a PyTorch/torchrun package (search.py, search.json, data)',
    flags: [
      ['--config <file>', 'the search config JSON'],
      ['--out <dir>', 'the package folder'],
      ['--no-data', 'leave out the data subset'],
    ],
  },
  lut: {
    usage:
      'lut check <table.csv | bundled id> [--space …] | lut fit <timings.csv> --column <name> [--holdout 0.2] [--seed N] [--prior <table>] [--prior-weight W] [--space …] --out <table.csv>',
    summary: 'checks a latency table (JSON report; exit 2 on bad input) or fits one to whole-model timings',
    flags: [
      ['--space <arch-or-space.json | small | imagenet>', 'the layout the table is read against (check: guessed when absent)'],
      ['--column <name>', 'fit: the timings column to fit'],
      ['--holdout F', 'fit: share of architectures held out for scoring (default 0.2)'],
      ['--seed N', 'fit: hold-out split seed'],
      ['--prior <table>', 'fit: a table the fit is pulled towards'],
      ['--prior-weight W', 'fit: how strongly'],
      ['--out <table.csv>', 'fit: the fitted table'],
    ],
  },
  train: {
    usage:
      'train --arch <arch.json | search result.json | published name> --epochs N --out <dir> [--train-samples N] [--test-samples N] ' +
      '[--batch-size N] [--lr X] [--seed N] [--backend wasm|cpu] [--dataset fashion-mnist|path] [--lut <table>]',
    summary: 'retrains one architecture from scratch; progress on stderr, the result as one JSON line on stdout',
    flags: [
      ['--arch <ref>', 'an arch.json, a search result.json (its argmax) or a published/reference name'],
      ['--epochs N', 'training epochs'],
      ['--out <dir>', 'where arch.json, model.json + weights.bin, model.onnx, model.py and result.json go'],
      ...BUDGET_FLAGS,
      ['--dataset <spec>', 'fashion-mnist (bundled) or a path to IDX files, an image folder or a .zip'],
      ['--lut <table>', "a latency table for the result's latencyMs"],
    ],
  },
} satisfies Record<string, CommandHelp>;

export type CommandName = keyof typeof COMMAND_HELP;

export function usage(cmd: CommandName): string {
  return `usage: ${COMMAND_HELP[cmd].usage}`;
}

export function commandHelp(cmd: CommandName): string {
  const h: CommandHelp = COMMAND_HELP[cmd];
  const width = Math.max(...h.flags.map(([f]) => f.length));
  return `${usage(cmd)}\n\n${h.summary}\n\nflags:\n${h.flags.map(([f, w]) => `  ${f.padEnd(width)}  ${w}`).join('\n')}\n  ${'--help'.padEnd(width)}  this help\n`;
}

export function overview(): string {
  const names = Object.keys(COMMAND_HELP) as CommandName[];
  const width = Math.max(...names.map((n) => n.length));
  return (
    `usage: fbnet <command> [flags]   (fbnet <command> --help for its flags)\n\ncommands:\n` +
    names.map((n) => `  ${n.padEnd(width)}  ${COMMAND_HELP[n].summary}`).join('\n') +
    `\n\n  --help     this help\n  --version  the version\n`
  );
}

/** package.json's version, read beside the sources so it holds whatever the working directory. */
export function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
