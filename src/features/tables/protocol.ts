/**
 * Latency-table tools between the page and the worker: fitting a table to whole-model timings and
 * timing every block on this browser's backend. Part of the one protocol (src/protocol.ts).
 */
import type { LatencyTable } from '../../engine/latency';
import type { SearchConfigInput } from '../../engine/schemas';
import type { Space } from '../../engine/space';
import type { FitResult } from '../../engine/lut/fit';

export interface TimingsFile {
  name: string;
  text: string;
  /** The timed network is the `small` layout (HW-NAS-Bench's 32×32), not the studio's space. */
  smallLayout?: boolean;
}

export interface LutIssue {
  line?: number;
  column?: string | number;
  message: string;
}

/** A table made in the studio, ready to load (as CSV) or export. */
export interface MadeTable {
  name: string;
  table: LatencyTable;
  space: Space;
  /** Long-format CSV (ms and µs), as exported. */
  csv: string;
}

export type LutCommand =
  | {
      type: 'fitTable';
      requestId: number;
      timings: TimingsFile;
      column: string;
      holdout: number;
      seed: number;
      /** Pull the fit toward the active table. */
      prior: boolean;
      config: SearchConfigInput;
    }
  | { type: 'measureTable'; requestId: number; repeats: number; warmup: number; config: SearchConfigInput }
  | { type: 'cancelMeasure' };

export type LutMessage =
  | ({
      type: 'fitResult';
      requestId: number;
      made: MadeTable;
      column: string;
      priorName: string | null;
      /** predicted/measured: the held-out points (all training points when holdout is 0). */
    } & Pick<FitResult, 'spearman' | 'mape' | 'train' | 'test' | 'predicted' | 'measured' | 'warnings'>)
  | { type: 'fitError'; requestId: number; message: string; issues: LutIssue[] }
  | { type: 'measureProgress'; requestId: number; done: number; total: number; what: string }
  | { type: 'measureDone'; requestId: number; made: MadeTable; backend: string; seconds: number }
  | { type: 'measureEnded'; requestId: number; cancelled: boolean; message: string }
  /** How the last parsed table was mapped onto the space, in words. */
  | { type: 'tableMapping'; requestId: number; mapping: string; shapesMatch: boolean };

const LUT_COMMANDS: ReadonlySet<string> = new Set<LutCommand['type']>(['fitTable', 'measureTable', 'cancelMeasure']);

export function isLutCommand(c: { type: string }): c is LutCommand {
  return LUT_COMMANDS.has(c.type);
}

const LUT_MESSAGES: ReadonlySet<string> = new Set<LutMessage['type']>(['fitResult', 'fitError', 'measureProgress', 'measureDone', 'measureEnded', 'tableMapping']);

export function isLutMessage(m: { type: string }): m is LutMessage {
  return LUT_MESSAGES.has(m.type);
}
