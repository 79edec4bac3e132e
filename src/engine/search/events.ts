import type { SearchResultJson } from '../schemas';

/** What the trainer emits; the CLI prints these, the worker forwards them to the studio. */
export type Phase = 'w' | 'theta';

export interface StepEvent {
  type: 'step';
  step: number; // 1-based, counts every optimiser step of either phase
  totalSteps: number;
  epoch: number; // 0-based
  phase: Phase;
  loss: number;
  ce: number;
  accuracy: number; // training accuracy of this batch, 0..1
  expectedLatencyMs: number; // E[LAT] under this step's weights m (batch mean)
  argmaxLatencyMs: number | null; // table latency of the current argmax architecture
  tau: number;
  alpha: number;
  beta: number;
  /** The target loss form's T in ms; null in the other forms. */
  targetMs: number | null;
  /** softmax(θ) per layer, canonical block order; disallowed blocks are 0. */
  probabilities: number[][];
  msPerStep: number;
}

export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  step: number;
  validationAccuracy: number;
  tau: number;
}

/** A live change of a hyperparameter, recorded with the step it takes effect at. */
export type ControlKey = 'alpha' | 'beta' | 'tau' | 'wLr' | 'thetaLr' | 'targetMs';
export interface ControlEvent {
  type: 'control';
  step: number;
  key: ControlKey;
  /** null = back to the schedule (only for tau). */
  value: number | null;
  previous: number | null;
}

export interface PausedEvent {
  type: 'paused';
  step: number;
  reason: 'user' | 'diverged';
  message?: string;
}

export interface DoneEvent {
  type: 'done';
  step: number;
  stopped: boolean;
  result: SearchResultJson;
}

/** A live change after which the loss rose more than tenfold within a few steps; the studio offers to undo it. */
export interface HarmEvent {
  type: 'harm';
  step: number;
  control: ControlEvent;
  message: string;
  lossBefore: number;
  lossAfter: number;
}

export type SearchEvent = StepEvent | EpochEvent | ControlEvent | PausedEvent | DoneEvent | HarmEvent;
