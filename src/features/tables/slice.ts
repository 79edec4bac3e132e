import { create } from 'zustand';
import type { LutIssue, LutMessage, MadeTable } from './protocol';

export interface TimingsChoice {
  name: string;
  text: string;
  /** Latency columns offered, as written in the header. */
  columns: string[];
  smallLayout: boolean;
}

export interface FitView {
  made: MadeTable;
  column: string;
  spearman: number;
  mape: number;
  train: number;
  test: number;
  points: { measured: number; predicted: number }[];
  warnings: string[];
  priorName: string | null;
}

export interface LutFailure {
  message: string;
  issues: LutIssue[];
}

export interface MeasureView {
  requestId: number;
  running: boolean;
  done: number;
  total: number;
  what: string;
  /** Why it ended without a table (cancelled, refused, failed). */
  ended: { cancelled: boolean; message: string } | null;
  finished: { name: string; backend: string; seconds: number } | null;
}

export interface LutToolsState {
  mapping: { text: string; shapesMatch: boolean } | null;
  timings: TimingsChoice | null;
  fitRequest: number;
  fitPending: boolean;
  fit: FitView | null;
  fitFailure: LutFailure | null;
  measure: MeasureView | null;
  /** Tables fitted or measured in this session, newest last, one per name. */
  made: MadeTable[];
}

export const useLutTools = create<LutToolsState>()(() => ({
  mapping: null,
  timings: null,
  fitRequest: 0,
  fitPending: false,
  fit: null,
  fitFailure: null,
  measure: null,
  made: [],
}));

const keep = (made: MadeTable[], t: MadeTable) => [...made.filter((m) => m.name !== t.name), t];

/** Folds the tools' worker messages; answers to superseded requests are dropped. */
export function reduceLut(s: LutToolsState, msgs: readonly LutMessage[]): LutToolsState {
  let next = s;
  for (const m of msgs) {
    switch (m.type) {
      case 'tableMapping':
        next = { ...next, mapping: { text: m.mapping, shapesMatch: m.shapesMatch } };
        break;
      case 'fitResult':
        if (m.requestId !== next.fitRequest) break;
        next = {
          ...next,
          fitPending: false,
          fitFailure: null,
          fit: {
            made: m.made,
            column: m.column,
            spearman: m.spearman,
            mape: m.mape,
            train: m.train,
            test: m.test,
            points: m.measured.map((measured, i) => ({ measured, predicted: m.predicted[i] })),
            warnings: m.warnings,
            priorName: m.priorName,
          },
          made: keep(next.made, m.made),
        };
        break;
      case 'fitError':
        if (m.requestId !== next.fitRequest) break;
        next = { ...next, fitPending: false, fitFailure: { message: m.message, issues: m.issues } };
        break;
      case 'measureProgress':
        if (next.measure?.requestId !== m.requestId) break;
        next = { ...next, measure: { ...next.measure, done: m.done, total: m.total, what: m.what } };
        break;
      case 'measureDone':
        if (next.measure?.requestId !== m.requestId) break;
        next = {
          ...next,
          measure: { ...next.measure, running: false, done: next.measure.total, finished: { name: m.made.name, backend: m.backend, seconds: m.seconds } },
          made: keep(next.made, m.made),
        };
        break;
      case 'measureEnded':
        if (next.measure?.requestId !== m.requestId) break;
        next = { ...next, measure: { ...next.measure, running: false, ended: { cancelled: m.cancelled, message: m.message } } };
        break;
    }
  }
  return next;
}
