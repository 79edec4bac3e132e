/**
 * The recovery part of the page↔worker protocol: checkpoints out, restores in, and the faults
 * that make the page restart the worker on the next backend. src/app/protocol.ts folds these in.
 */
import type { Checkpoint } from '../../engine/search/checkpoint';
import type { ControlEvent, EpochEvent } from '../../engine/search/events';
import type { HistoryEntry } from '../../engine/search/result';
import type { Snapshot } from '../search/history';

/** `time`: taken between steps once enough searching has passed since the last one. */
export type CheckpointReason = 'start' | 'epoch' | 'pause' | 'time';

/** What the test hook simulates; only sent by pages opened with ?testHooks=1. */
export type FaultKind = 'loseDevice' | 'crashWorker';

export type RecoveryCommand =
  /** Rebuilds the search from a checkpoint (validated here again); `run` continues it at once. */
  { type: 'restore'; checkpoint: unknown; run: boolean } | { type: 'simulateFault'; fault: FaultKind };

export type RecoveryMessage =
  | { type: 'checkpoint'; reason: CheckpointReason; checkpoint: Checkpoint }
  /** Follows the 'started' of a restored search: what the charts had when the checkpoint was taken. */
  | {
      type: 'restored';
      step: number;
      history: HistoryEntry[];
      epochs: EpochEvent[];
      controls: ControlEvent[];
      probabilities: number[][] /** Filled in on the page: why the search was moved, for the event log. */;
      note?: string /** Filled in on the page: the distribution replay saved with the checkpoint. */;
      snapshots?: Snapshot[];
    }
  /** The backend died under the search (WebGPU device lost, a step that rejected). */
  | {
      type: 'backendLost';
      backend: string;
      message: string /** Whether the search was running, not paused, when it failed. */;
      resume?: boolean;
    };
