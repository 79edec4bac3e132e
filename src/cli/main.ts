import { errorMessage } from '../engine/errors';
import { dispatch } from './commands';

/** `fbnet <command>` (or `npm run --silent fbnet -- <command>`): the engine from the command line. */
dispatch(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${errorMessage(err)}\n`);
    process.exit(1);
  },
);
