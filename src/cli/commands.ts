import { COMMAND_HELP, commandHelp, overview, version, type CommandName } from './help';

/** The loader of each command in the table of help.ts; `dispatch` is the whole command line. */
const LOADERS: Record<CommandName, () => Promise<{ run(argv: string[]): Promise<number> }>> = {
  cost: () => import('./cost'),
  search: () => import('./search'),
  'export-search': () => import('./export-search'),
  lut: () => import('./lut'),
  train: () => import('./train'),
};

const isHelp = (a: string) => a === '--help' || a === '-h';

export async function dispatch(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === '--version' || cmd === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (cmd === undefined || isHelp(cmd) || cmd === 'help') {
    const topic = cmd === 'help' ? rest[0] : undefined;
    // Without a command it is a usage error: the overview goes to stderr and the exit code is 2.
    (cmd === undefined ? process.stderr : process.stdout).write(
      topic && topic in COMMAND_HELP ? commandHelp(topic as CommandName) : overview(),
    );
    return cmd === undefined ? 2 : 0;
  }
  if (!(cmd in COMMAND_HELP)) {
    process.stderr.write(`unknown command "${cmd}"\n${overview()}`);
    return 2;
  }
  if (rest.some(isHelp)) {
    process.stdout.write(commandHelp(cmd as CommandName));
    return 0;
  }
  return (await LOADERS[cmd as CommandName]()).run(rest);
}
