import { errorMessage } from '../engine/errors';
/** `npm run --silent fbnet -- <command>`: the engine from the command line. */
const COMMANDS: Record<string, { load: () => Promise<{ run(argv: string[]): Promise<number> }>; help: string }> = {
  cost: { load: () => import('./cost'), help: 'cost <arch.json> [--lut <table.csv>]' },
  search: { load: () => import('./search'), help: 'search --config <config.json> --out <dir>' },
  'export-search': { load: () => import('./export-search'), help: 'export-search --config <config.json> --out <dir> [--no-data]  (a PyTorch/torchrun package of the search)' },
  lut: { load: () => import('./lut'), help: 'lut check|fit … (see README)' },
  train: { load: () => import('./train'), help: 'train --arch <arch.json | published name> --epochs N --out <dir> [--train-samples N] [--test-samples N] [--batch-size N] [--lr X] [--seed N] [--backend wasm|cpu] [--dataset fashion-mnist|path] [--lut <table>]' },
};

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const entry = cmd ? COMMANDS[cmd] : undefined;
  if (!entry) {
    process.stderr.write(
      `${cmd ? `unknown command "${cmd}"\n` : ''}usage: fbnet <command>\n${Object.values(COMMANDS)
        .map((c) => `  ${c.help}`)
        .join('\n')}\n`,
    );
    return 2;
  }
  return (await entry.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${errorMessage(err)}\n`);
    process.exit(1);
  },
);
