import { parseArgs, type ParseArgsConfig } from 'node:util';

/** parseArgs with errors that say which command they belong to. */
export function parseCommand<O extends NonNullable<ParseArgsConfig['options']>>(cmd: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new Error(`${cmd}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function numberArg(cmd: string, name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${cmd}: --${name} must be a number, got "${v}"`);
  return n;
}
