import type { BackendName } from '../../app/protocol';
import type { SavedRun } from './run-library';

export interface Divergence {
  step: number;
  message: string;
  /** The step of the checkpoint kept from before the divergence, if any. */
  keptStep: number | null;
}

export interface RecoveryState {
  runs: SavedRun[];
  /** The run the worker is searching (its checkpoints go here). */
  runId: string | null;
  lastSaved: { step: number; reason: string } | null;
  /** An unfinished run found after a reload. */
  offer: SavedRun | null;
  divergence: Divergence | null;
  /** Set while the worker restarts on another backend. */
  recovering: string | null;
  excluded: BackendName[];
  storageError: string | null;
}

/** The recovery part of the one store. */
export interface RecoverySlice {
  recovery: RecoveryState;
}

export const createRecoverySlice = (): RecoverySlice => ({
  recovery: { runs: [], runId: null, lastSaved: null, offer: null, divergence: null, recovering: null, excluded: [], storageError: null },
});
