import type { RetrainMessage } from '../../app/protocol';
import type { AfterState, RetrainEntry } from './slice';

/** Folds the after-search worker messages into the store (exports are handled by the receiver, not here). */
export function reduceAfter(s: AfterState, msgs: readonly RetrainMessage[]): AfterState {
  let next = s;
  const entry = (id: number, p: (e: RetrainEntry) => Partial<RetrainEntry>) => {
    next = { ...next, retrains: next.retrains.map((e) => (e.id === id ? { ...e, ...p(e) } : e)) };
  };
  for (const m of msgs) {
    switch (m.type) {
      case 'retrainState':
        entry(m.id, () => ({ state: m.state, message: m.message ?? null }));
        break;
      case 'retrainProgress':
        entry(m.id, () => ({ progress: { epoch: m.epoch, step: m.step, totalSteps: m.totalSteps, loss: m.loss, accuracy: m.accuracy } }));
        break;
      case 'retrainDone':
        entry(m.id, () => ({ outcome: m.outcome }));
        break;
      case 'studyProgress':
        next = {
          ...next,
          study: {
            ...next.study,
            state: 'running',
            tables: m.tables,
            index: m.index,
            step: m.step,
            totalSteps: m.totalSteps,
            what: m.what,
            message: null,
          },
        };
        break;
      case 'studyDone':
        next = { ...next, study: { ...next.study, state: 'done', matrix: m.matrix, message: null, tables: m.matrix.tables } };
        break;
      case 'studyEnded':
        next = { ...next, study: { ...next.study, state: m.state, message: m.message } };
        break;
      case 'retrainExport':
      case 'retrainOnnx':
        break;
    }
  }
  return next;
}
