import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorMessage } from '../engine/errors';

/** parseArgs with errors that say which command they belong to. */
export function parseCommand<O extends NonNullable<ParseArgsConfig['options']>>(cmd: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new Error(`${cmd}: ${errorMessage(err)}`);
  }
}

export function numberArg(cmd: string, name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${cmd}: --${name} must be a number, got "${v}"`);
  return n;
}

/** The retraining budget flags shared by `train` and the compare script. */
export const BUDGET_OPTIONS = {
  epochs: { type: 'string' },
  'train-samples': { type: 'string' },
  'test-samples': { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string', default: 'wasm' },
} as const;

/** The backends the command line offers in Node, checked and started (wasm unless asked otherwise). */
export const NODE_BACKENDS = ['wasm', 'cpu'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

export function backendArg(cmd: string, v: string | undefined): NodeBackend {
  const b = (v ?? 'wasm') as NodeBackend;
  if (!NODE_BACKENDS.includes(b)) throw new Error(`${cmd}: --backend must be one of ${NODE_BACKENDS.join(', ')}, got "${v}"`);
  return b;
}
