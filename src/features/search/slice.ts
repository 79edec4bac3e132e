import type { ControlEvent, HarmEvent } from '../../engine/search/events';
import type { SearchConfigInput, SearchResultJson } from '../../engine/schemas';
import type { Space } from '../../engine/space/space';
import type {
  ArchSummary,
  BackendAttempt,
  BackendProbeReport,
  BackendChoice,
  BackendName,
  GpuAdapterInfo,
  RunStatus,
} from '../../app/protocol';
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
  /** The target loss form's T in ms (drawn on the latency chart); null in the other forms. */
  targetMs: number | null;
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

/** The search's part of the one store: what the user chose, and the run the worker reports. */
export interface SearchSlice {
  // what the user chose (mirrored in the URL)
  presetId: string;
  overrides: Partial<SearchConfigInput>;
  backendChoice: BackendChoice;
  // what the worker reported
  backend: BackendState | null;
  status: RunStatus;
  statusMessage: string | null;
  dataProgress: { loaded: number; total: number; what: string } | null;
  run: RunInfo | null;
  rows: StepRow[];
  epochs: EpochRow[];
  snapshots: Snapshot[];
  controls: ControlEvent[];
  log: LogEntry[];
  result: SearchResultJson | null;
  archs: ArchSummary[];
  /** null = follow the newest step; otherwise the scrubbed step. */
  scrubStep: number | null;
  /** A live change after which the loss rose tenfold, until it is undone or dismissed. */
  harm: HarmEvent | null;
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
  harm: null,
} satisfies Partial<SearchSlice>;

export const createSearchSlice = (): SearchSlice => ({
  presetId: 'cpu-quick',
  overrides: {},
  backendChoice: 'auto',
  backend: null,
  status: 'idle',
  statusMessage: null,
  ...initialRunState,
});

let nextId = 1;
export const newId = () => nextId++;

export function logEntry(step: number, kind: LogEntry['kind'], text: string, marker: boolean): LogEntry {
  return { id: newId(), step, kind, text, marker };
}
