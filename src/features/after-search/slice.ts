import type { BlockName } from '../../engine/space/blocks';
import type { Space } from '../../engine/space/space';
import type { RetrainBudget, RetrainOutcome, RetrainSource, RetrainState, StudyMatrix } from '../../app/protocol';

export interface RetrainEntry {
  id: number;
  name: string;
  source: RetrainSource;
  blocks: BlockName[];
  space: Space;
  budget: RetrainBudget;
  state: RetrainState;
  message: string | null;
  progress: { epoch: number; step: number; totalSteps: number; loss: number; accuracy: number } | null;
  outcome: RetrainOutcome | null;
}

export type StudyState = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface StudyView {
  state: StudyState;
  tables: string[];
  index: number;
  step: number;
  totalSteps: number;
  what: string;
  message: string | null;
  matrix: StudyMatrix | null;
}

/** Retrained networks, the retrain budget and the cross-device study: the after-search part of the studio. */
export interface AfterState {
  budget: RetrainBudget;
  retrains: RetrainEntry[];
  /** Tables picked for the next study. */
  studyTables: string[];
  study: StudyView;
}

export const DEFAULT_BUDGET: RetrainBudget = { epochs: 2, trainSamples: 400 };

export const idleStudy: StudyView = { state: 'idle', tables: [], index: 0, step: 0, totalSteps: 0, what: '', message: null, matrix: null };

/** The after-search part of the one store. */
export interface AfterSearchSlice {
  afterSearch: AfterState;
}

export const createAfterSearchSlice = (): AfterSearchSlice => ({
  afterSearch: { budget: DEFAULT_BUDGET, retrains: [], studyTables: [], study: idleStudy },
});

export const isRetrainActive = (e: RetrainEntry) =>
  e.state === 'queued' || e.state === 'loading' || e.state === 'training' || e.state === 'measuring';
