/**
 * The one protocol between the studio page and the search worker. Both sides import only these
 * types, so a change to a command or a message breaks the compile on both ends at once.
 */
import type { BlockName } from '../engine/blocks';
import type { ControlKey, SearchEvent } from '../engine/events';
import type { LatencyTable } from '../engine/latency';
import type { ProbeRow } from '../engine/probe';
import type { SearchConfigInput, SearchResultJson } from '../engine/schemas';
import type { Space } from '../engine/space';
import type { DatasetCommand, DatasetMessage } from '../features/datasets/protocol';
import type { LutCommand, LutMessage } from '../features/tables/protocol';
import type { RetrainCommand, RetrainMessage } from '../features/after-search/protocol';
import type { RecoveryCommand, RecoveryMessage } from '../features/recovery/protocol';

export type * from '../features/after-search/protocol';
export type * from '../features/tables/protocol';
export type * from '../features/datasets/protocol';
export type * from '../features/recovery/protocol';

export const BACKEND_NAMES = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/** 'auto': WebGPU on a real GPU adapter, else the fastest fallback that initialises. */
export type BackendChoice = BackendName | 'auto';

export function isBackendChoice(s: string): s is BackendChoice {
  return s === 'auto' || (BACKEND_NAMES as readonly string[]).includes(s);
}

export interface GpuAdapterInfo {
  available: boolean;
  /** A software adapter (SwiftShader): WebGPU works but is no GPU. */
  fallback: boolean;
  vendor?: string;
  architecture?: string;
  description?: string;
}

export type TableSource = { kind: 'bundled'; id: string } | { kind: 'csv'; name: string; text: string };

export interface TableIssue {
  line?: number;
  column?: string | number;
  message: string;
}

export type RunStatus = 'idle' | 'loading' | 'running' | 'paused' | 'stopping' | 'done' | 'error';

export interface ArchSummary {
  name: string;
  blocks: BlockName[];
  macs: number;
  params: number;
  latencyMs: number | null;
}

/** Asset locations, resolved by the page against its base URL. */
export interface AssetPaths {
  wasm: string;
  data: string;
  luts: string;
}

// ---- page → worker ----

export type Command =
  /** `exclude`: backends that failed under a search; the fallback chain skips them. */
  | { type: 'init'; backend: BackendChoice; assets: AssetPaths; exclude?: BackendName[] }
  /** Parse a table against the space `config` resolves to; during a run it also replaces the run's table. */
  | { type: 'loadTable'; requestId: number; source: TableSource; config: SearchConfigInput }
  /** Runs on the active table: the last one `loadTable` parsed without error. */
  | { type: 'start'; config: SearchConfigInput }
  | { type: 'pause' }
  | { type: 'resume' }
  /** Exactly one optimiser step, from paused (or before the first step). */
  | { type: 'step' }
  | { type: 'stop' }
  | { type: 'control'; key: ControlKey; value: number | null }
  | DatasetCommand
  | RetrainCommand
  | RecoveryCommand
  | LutCommand;

// ---- worker → page ----

/** The backend timings behind an 'auto' choice (src/engine/probe.ts). */
export interface BackendProbeReport {
  rows: ProbeRow[];
  chosen: BackendName | null;
  /** Read from this browser's cache rather than measured on this page load. */
  cached: boolean;
  measuredAt: number;
}

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  error?: string;
}

export type WorkerMessage =
  | { type: 'backend'; requested: BackendChoice; active: BackendName | null; attempts: BackendAttempt[]; adapter: GpuAdapterInfo; probe?: BackendProbeReport }
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
  | { type: 'tableError'; requestId: number; name: string; message: string; issues: TableIssue[] }
  | { type: 'status'; status: RunStatus; message?: string }
  | { type: 'dataProgress'; loaded: number; total: number; what: string }
  | { type: 'started'; space: Space; config: Record<string, unknown>; totalSteps: number; tableName: string }
  /** Batched trainer events, oldest first. */
  | { type: 'events'; events: SearchEvent[] }
  | { type: 'result'; result: SearchResultJson; archs: ArchSummary[] }
  /** A command refused without effect (invalid value, wrong state). */
  | { type: 'rejected'; command: Command['type']; message: string }
  | { type: 'error'; message: string }
  | DatasetMessage
  | RetrainMessage
  | RecoveryMessage
  | LutMessage;
