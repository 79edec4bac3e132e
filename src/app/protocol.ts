/**
 * The one protocol between the studio page and the search worker: the backend and the replies
 * every command may get are defined here, each feature's commands and messages in its own
 * protocol.ts, and the unions of them all below. Both sides import only these types, so a change
 * to a command or a message breaks the compile on both ends at once.
 */
import { BACKEND_NAMES, type BackendName } from '../engine/runtime/backend-names';
import type { ProbeRow } from '../engine/runtime/probe';
import type { RetrainCommand, RetrainMessage } from '../features/after-search/protocol';
import type { DatasetCommand, DatasetMessage } from '../features/datasets/protocol';
import type { RecoveryCommand, RecoveryMessage } from '../features/recovery/protocol';
import type { ScaleOutCommand, ScaleOutMessage } from '../features/scale-out/protocol';
import type { SearchCommand, SearchMessage } from '../features/search/protocol';
import type { LutCommand, LutMessage, TableCommand, TableMessage } from '../features/tables/protocol';

export type * from '../features/after-search/protocol';
export type * from '../features/datasets/protocol';
export type * from '../features/recovery/protocol';
export type * from '../features/scale-out/protocol';
export type * from '../features/search/protocol';
export type * from '../features/tables/protocol';

export { BACKEND_NAMES, type BackendName } from '../engine/runtime/backend-names';
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

/** Asset locations, resolved by the page against its base URL. */
export interface AssetPaths {
  wasm: string;
  data: string;
  luts: string;
}

/** The backend timings behind an 'auto' choice (src/engine/runtime/probe.ts). */
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

// ---- page → worker ----

export type Command =
  /** `exclude`: backends that failed under a search; the fallback chain skips them. */
  | { type: 'init'; backend: BackendChoice; assets: AssetPaths; exclude?: BackendName[] }
  | SearchCommand
  | TableCommand
  | LutCommand
  | DatasetCommand
  | RetrainCommand
  | RecoveryCommand
  | ScaleOutCommand;

// ---- worker → page ----

export type WorkerMessage =
  | {
      type: 'backend';
      requested: BackendChoice;
      active: BackendName | null;
      attempts: BackendAttempt[];
      adapter: GpuAdapterInfo;
      probe?: BackendProbeReport;
    }
  /** A command refused without effect (invalid value, wrong state). */
  | { type: 'rejected'; command: Command['type']; message: string }
  | { type: 'error'; message: string }
  | SearchMessage
  | TableMessage
  | LutMessage
  | DatasetMessage
  | RetrainMessage
  | RecoveryMessage
  | ScaleOutMessage;
