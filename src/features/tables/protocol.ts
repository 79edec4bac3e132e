/**
 * The tables' part of the page ↔ worker protocol (joined into src/app/protocol.ts): the active
 * table, and the tools that fit a table to whole-model timings or time every block on this
 * browser's backend.
 */
import type { LatencyTable } from '../../engine/lut/latency';
import type { SearchConfigInput } from '../../engine/schemas';
import type { Space } from '../../engine/space/space';
import type { FitResult } from '../../engine/lut/fit';

export interface TimingsFile {
  name: string;
  text: string;
  /** The timed network is the `small` layout (HW-NAS-Bench's 32×32), not the studio's space. */
  smallLayout?: boolean;
}

export type TableSource = { kind: 'bundled'; id: string } | { kind: 'csv'; name: string; text: string };

export interface TableIssue {
  line?: number;
  column?: string | number;
  message: string;
}

export type LutIssue = TableIssue;

/** Parse a table against the space `config` resolves to; during a run it also replaces the run's table. */
export type TableCommand = { type: 'loadTable'; requestId: number; source: TableSource; config: SearchConfigInput };

export type TableMessage =
  | {
      type: 'table';
      requestId: number;
      source: TableSource['kind'];
      table: LatencyTable;
      space: Space;
      warnings: string[];
      format: string;
      shapesMatch: boolean;
      /** True when the running search now uses this table. */
      appliedToRun: boolean;
    }
  | { type: 'tableError'; requestId: number; name: string; message: string; issues: TableIssue[] };

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

const LUT_MESSAGES: ReadonlySet<string> = new Set<LutMessage['type']>([
  'fitResult',
  'fitError',
  'measureProgress',
  'measureDone',
  'measureEnded',
  'tableMapping',
]);

export function isLutMessage(m: { type: string }): m is LutMessage {
  return LUT_MESSAGES.has(m.type);
}
