import type { TableIssue } from '../../app/protocol';
import type { LatencyTable } from '../../engine/lut/latency';
import type { Space } from '../../engine/space/space';
import type { LutIssue, MadeTable } from './protocol';

export interface TimingsChoice {
  name: string;
  text: string;
  /** Latency columns offered, as written in the header. */
  columns: string[];
  smallLayout: boolean;
}

export interface FitView {
  made: MadeTable;
  column: string;
  spearman: number;
  mape: number;
  train: number;
  test: number;
  points: { measured: number; predicted: number }[];
  warnings: string[];
  priorName: string | null;
}

export interface LutFailure {
  message: string;
  issues: LutIssue[];
}

export interface MeasureView {
  requestId: number;
  running: boolean;
  done: number;
  total: number;
  what: string;
  /** Why it ended without a table (cancelled, refused, failed). */
  ended: { cancelled: boolean; message: string } | null;
  finished: { name: string; backend: string; seconds: number } | null;
}

/** The fit and measure tools. */
export interface TableToolsState {
  mapping: { text: string; shapesMatch: boolean } | null;
  timings: TimingsChoice | null;
  fitRequest: number;
  fitPending: boolean;
  fit: FitView | null;
  fitFailure: LutFailure | null;
  measure: MeasureView | null;
  /** Tables fitted or measured in this session, newest last, one per name. */
  made: MadeTable[];
}
export interface ActiveTable {
  table: LatencyTable;
  space: Space;
  source: 'bundled' | 'csv';
  /** Bundled id, or the uploaded file's name. */
  id: string;
  warnings: string[];
  format: string;
  shapesMatch: boolean;
}

export interface TableFailure {
  name: string;
  message: string;
  issues: TableIssue[];
}

/** The tables' part of the one store: the active table (chosen, parsed or refused) and the tools. */
export interface TablesSlice {
  /** The bundled table chosen (mirrored in the URL). */
  tableId: string;
  table: ActiveTable | null;
  tableFailure: TableFailure | null;
  pendingTableId: string | null;
  tableTools: TableToolsState;
}

export const createTablesSlice = (): TablesSlice => ({
  tableId: '',
  table: null,
  tableFailure: null,
  pendingTableId: null,
  tableTools: { mapping: null, timings: null, fitRequest: 0, fitPending: false, fit: null, fitFailure: null, measure: null, made: [] },
});
