/**
 * The after-search part of the page↔worker protocol (retraining, cross-device study, model export).
 * src/app/protocol.ts folds these into its Command and WorkerMessage unions.
 */
import type { BlockName } from '../../engine/space/blocks';
import type { SearchConfigInput } from '../../engine/schemas';
import type { Space } from '../../engine/space/space';

/** Where an architecture came from: the search's argmax, one of its samples, a reference net, a study's argmax. */
export type RetrainSource = 'argmax' | 'sample' | 'reference' | 'study';

export interface RetrainBudget {
  epochs: number;
  trainSamples: number;
}

export interface RetrainJob {
  id: number;
  name: string;
  source: RetrainSource;
  blocks: BlockName[];
  space: Space;
  /** Test samples, batch size, learning rate (wLr) and seed come from here. */
  config: SearchConfigInput;
  budget: RetrainBudget;
}

export type RetrainState = 'queued' | 'loading' | 'training' | 'measuring' | 'done' | 'cancelled' | 'error';

export interface RetrainEpoch {
  epoch: number;
  loss: number;
  accuracy: number;
  testAccuracy: number;
}

export interface RetrainOutcome {
  testAccuracy: number;
  macs: number;
  params: number;
  /** By the table active when training finished; null where it lacks a block. */
  latencyMs: number | null;
  tableName: string | null;
  /** Batch-1 forward in this browser, on the worker's backend. */
  inference: { backend: string; medianMs: number; minMs: number };
  history: RetrainEpoch[];
  trainSamples: number;
  testSamples: number;
}

export interface StudyArch {
  table: string;
  name: string;
  blocks: BlockName[];
}

export interface StudyMatrix {
  archs: StudyArch[];
  tables: string[];
  /** ms[i][j]: architecture i (searched on tables[i]) timed by tables[j]. */
  ms: (number | null)[][];
  /** Per table, the row of the fastest architecture. */
  fastest: (number | null)[];
  space: Space;
}

export type RetrainCommand =
  /** Queued behind earlier retrains; refused while a search or a study runs. */
  | { type: 'retrain'; job: RetrainJob }
  | { type: 'cancelRetrain'; id: number }
  /** The kept trained network as tfjs files (default) or as an ONNX model. */
  | { type: 'exportRetrained'; id: number; format?: 'tfjs' | 'onnx' }
  /** One search per bundled table, in turn, with `config`; refused while a search or a retrain runs. */
  | { type: 'study'; config: SearchConfigInput; tables: string[] }
  | { type: 'cancelStudy' };

export type RetrainMessage =
  | { type: 'retrainState'; id: number; state: RetrainState; message?: string }
  | { type: 'retrainProgress'; id: number; epoch: number; step: number; totalSteps: number; loss: number; accuracy: number }
  | { type: 'retrainDone'; id: number; outcome: RetrainOutcome }
  | { type: 'retrainExport'; id: number; modelJson: string; weights: ArrayBuffer; weightsFile: string }
  | { type: 'retrainOnnx'; id: number; bytes: ArrayBuffer }
  | { type: 'studyProgress'; index: number; tables: string[]; step: number; totalSteps: number; what: string }
  | { type: 'studyDone'; matrix: StudyMatrix }
  | { type: 'studyEnded'; state: 'cancelled' | 'error'; message: string };

const MESSAGES: readonly string[] = [
  'retrainState',
  'retrainProgress',
  'retrainDone',
  'retrainExport',
  'retrainOnnx',
  'studyProgress',
  'studyDone',
  'studyEnded',
] satisfies RetrainMessage['type'][];

export const isRetrainMessage = (m: { type: string }): m is RetrainMessage => MESSAGES.includes(m.type);
