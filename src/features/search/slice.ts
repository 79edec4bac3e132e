import { create } from 'zustand';
import type { ControlEvent } from '../../engine/events';
import type { LatencyTable } from '../../engine/latency';
import type { SearchConfigInput, SearchResultJson } from '../../engine/schemas';
import type { Space } from '../../engine/space';
import type { ArchSummary, BackendAttempt, BackendProbeReport, BackendChoice, BackendName, GpuAdapterInfo, RunStatus, TableIssue } from '../../app/protocol';
import type { Snapshot } from './history';

export interface StepRow {
  step: number;
  epoch: number;
  phase: 'w' | 'theta';
  loss: number;
  ce: number;
  accuracy: number;
  expectedLatencyMs: number;
  argmaxLatencyMs: number | null;
  tau: number;
  alpha: number;
  beta: number;
  msPerStep: number;
}

export interface EpochRow {
  epoch: number;
  step: number;
  validationAccuracy: number;
}

export interface LogEntry {
  id: number;
  step: number;
  kind: 'control' | 'table' | 'run' | 'pause' | 'error';
  text: string;
  /** Drawn as a marker on the step charts. */
  marker: boolean;
}

export interface Notice {
  id: number;
  level: 'info' | 'warn' | 'error';
  text: string;
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

export interface BackendState {
  requested: BackendChoice;
  active: BackendName | null;
  attempts: BackendAttempt[];
  adapter: GpuAdapterInfo;
  probe?: BackendProbeReport;
}

export interface RunInfo {
  space: Space;
  config: Record<string, unknown>;
  totalSteps: number;
  tableName: string;
  startedAt: number;
}

export interface StudioState {
  // what the user chose (mirrored in the URL)
  presetId: string;
  overrides: Partial<SearchConfigInput>;
  backendChoice: BackendChoice;
  tableId: string;
  // what the worker reported
  backend: BackendState | null;
  status: RunStatus;
  statusMessage: string | null;
  dataProgress: { loaded: number; total: number; what: string } | null;
  table: ActiveTable | null;
  tableFailure: TableFailure | null;
  pendingTableId: string | null;
  run: RunInfo | null;
  rows: StepRow[];
  epochs: EpochRow[];
  snapshots: Snapshot[];
  controls: ControlEvent[];
  log: LogEntry[];
  result: SearchResultJson | null;
  archs: ArchSummary[];
  notices: Notice[];
  /** null = follow the newest step; otherwise the scrubbed step. */
  scrubStep: number | null;
}

export const initialRunState = {
  dataProgress: null,
  run: null,
  rows: [],
  epochs: [],
  snapshots: [],
  controls: [],
  log: [],
  result: null,
  archs: [],
  scrubStep: null,
} satisfies Partial<StudioState>;

export const useStudio = create<StudioState>()(() => ({
  presetId: 'cpu-quick',
  overrides: {},
  backendChoice: 'auto',
  tableId: '',
  backend: null,
  status: 'idle',
  statusMessage: null,
  table: null,
  tableFailure: null,
  pendingTableId: null,
  notices: [],
  ...initialRunState,
}));

let nextId = 1;
export const newId = () => nextId++;

export function notify(level: Notice['level'], text: string): void {
  useStudio.setState((s) => ({ notices: [...s.notices.slice(-7), { id: newId(), level, text }] }));
}

export function dismissNotice(id: number): void {
  useStudio.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}
