import type { WorkerMessage } from '../../app/protocol';
import type { StudioState } from '../../app/store';
import { describeControl } from '../search/reduce';
import { logEntry as entry, type StepRow } from '../search/slice';

type Restored = Extract<WorkerMessage, { type: 'restored' }>;

/** Refills the charts of a restored search (after its 'started' cleared them) from the checkpoint's history. */
export function foldRestored(s: StudioState, m: Restored): StudioState {
  const rows: StepRow[] = m.history.map((h) => ({
    step: h.step,
    epoch: h.epoch,
    phase: h.phase,
    loss: h.loss ?? Number.NaN,
    ce: h.ce ?? Number.NaN,
    accuracy: h.accuracy,
    expectedLatencyMs: h.expectedLatencyMs ?? Number.NaN,
    argmaxLatencyMs: h.argmaxLatencyMs,
    tau: h.tau,
    alpha: h.alpha,
    beta: h.beta,
    targetMs: h.targetMs ?? null,
    msPerStep: h.msPerStep,
  }));
  const log = [
    ...s.log,
    ...m.epochs.map((e) =>
      entry(e.step, 'run', `epoch ${e.epoch + 1} done: validation accuracy ${(e.validationAccuracy * 100).toFixed(1)}%`, false),
    ),
    ...m.controls.map((c) => entry(c.step, 'control', describeControl(c, s.run?.config), true)),
    ...(m.note ? [entry(m.step, 'error', m.note, true)] : []),
    entry(m.step, 'run', `resumed from the checkpoint of step ${m.step}`, false),
  ];
  return {
    ...s,
    rows,
    epochs: m.epochs.map((e) => ({ epoch: e.epoch, step: e.step, validationAccuracy: e.validationAccuracy })),
    controls: [...m.controls],
    // The replay covers the whole run, not only the steps since the resume.
    snapshots: [...(m.snapshots ?? []).filter((x) => x.step < m.step), { step: m.step, probabilities: m.probabilities }],
    log,
  };
}
