/** The search's part of the page ↔ worker protocol (joined into src/app/protocol.ts). */
import type { BlockName } from '../../engine/space/blocks';
import type { ControlKey, SearchEvent } from '../../engine/search/events';
import type { SearchConfigInput, SearchResultJson } from '../../engine/schemas';
import type { Space } from '../../engine/space/space';

export type RunStatus = 'idle' | 'loading' | 'running' | 'paused' | 'stopping' | 'done' | 'error';

export interface ArchSummary {
  name: string;
  blocks: BlockName[];
  macs: number;
  params: number;
  latencyMs: number | null;
}

export type SearchCommand =
  /** Runs on the active table: the last one `loadTable` parsed without error. */
  | { type: 'start'; config: SearchConfigInput }
  | { type: 'pause' }
  | { type: 'resume' }
  /** Exactly one optimiser step, from paused (or before the first step). */
  | { type: 'step' }
  | { type: 'stop' }
  | { type: 'control'; key: ControlKey; value: number | null }
  /** The architectures of the current θ (argmax and samples) while a search runs or is paused. */
  | { type: 'liveResult' };

export type SearchMessage =
  | { type: 'status'; status: RunStatus; message?: string }
  | { type: 'dataProgress'; loaded: number; total: number; what: string }
  | { type: 'started'; space: Space; config: Record<string, unknown>; totalSteps: number; tableName: string }
  /** Batched trainer events, oldest first. */
  | { type: 'events'; events: SearchEvent[] }
  | { type: 'result'; result: SearchResultJson; archs: ArchSummary[] }
  /** The answer to 'liveResult': the search as it stands, for export. */
  | { type: 'liveResult'; result: SearchResultJson };
