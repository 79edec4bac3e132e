import type { WorkerMessage } from '../../app/protocol';
import type { StudioState } from '../../app/store';
import { logEntry } from '../search/slice';
import type { LutMessage, MadeTable } from './protocol';
import type { TableToolsState } from './slice';

export type TableMessage = Extract<WorkerMessage, { type: 'table' | 'tableError' }>;

export const isTableMessage = (m: WorkerMessage): m is TableMessage => m.type === 'table' || m.type === 'tableError';

/** Folds the worker's answers to 'loadTable' (in order with the run's other messages, whose log they join). */
export function reduceTableMessages(s: StudioState, msgs: readonly TableMessage[]): StudioState {
  let next = s;
  const lastStep = () => next.rows[next.rows.length - 1]?.step ?? 0;
  for (const m of msgs) {
    if (m.type === 'tableError') {
      next = { ...next, tableFailure: { name: m.name, message: m.message, issues: m.issues }, pendingTableId: null };
      continue;
    }
    const source = next.pendingTableId ?? next.tableId;
    next = {
      ...next,
      table: {
        table: m.table,
        space: m.space,
        source: m.source,
        id: m.source === 'bundled' ? source : m.table.name,
        warnings: m.warnings,
        format: m.format,
        shapesMatch: m.shapesMatch,
      },
      tableFailure: null,
      pendingTableId: null,
      ...(m.source === 'bundled' ? { tableId: source } : {}),
    };
    if (m.appliedToRun) next = { ...next, log: [...next.log, logEntry(lastStep(), 'table', `latency table → ${m.table.name}`, true)] };
  }
  return next;
}

const keep = (made: MadeTable[], t: MadeTable) => [...made.filter((m) => m.name !== t.name), t];

/** Folds the tools' worker messages; answers to superseded requests are dropped. */
export function reduceLut(s: TableToolsState, msgs: readonly LutMessage[]): TableToolsState {
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
          measure: {
            ...next.measure,
            running: false,
            done: next.measure.total,
            finished: { name: m.made.name, backend: m.backend, seconds: m.seconds },
          },
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
