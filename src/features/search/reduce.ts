import type { ControlEvent, SearchEvent } from '../../engine/search/events';
import type { WorkerMessage } from '../../app/protocol';
import { pushSnapshot } from './history';
import type { StudioState } from '../../app/store';
import { initialRunState, logEntry, newId } from './slice';

const CONTROL_LABEL: Record<ControlEvent['key'], string> = {
  alpha: 'α',
  beta: 'β',
  tau: 'τ',
  wLr: 'w learning rate',
  thetaLr: 'θ learning rate',
  targetMs: 'target latency',
};

const num = (v: number) => String(+v.toPrecision(4));

/** `previous` null means "as configured" (τ: the schedule), so the run's config fills it in. */
export function describeControl(e: ControlEvent, config?: Record<string, unknown>): string {
  const configured = config?.[e.key];
  const prev =
    e.previous != null ? num(e.previous) : e.key === 'tau' ? 'schedule' : typeof configured === 'number' ? num(configured) : 'config';
  const value = e.value != null ? num(e.value) : 'schedule';
  return `${CONTROL_LABEL[e.key]} ${prev} → ${value} (from step ${e.step})`;
}

/** The messages this reducer folds: the run's, and the backend and refusals it logs. */
export type RunMessage = Extract<WorkerMessage, { type: (typeof RUN_MESSAGES)[number] }>;

const RUN_MESSAGES = ['backend', 'status', 'dataProgress', 'started', 'events', 'result', 'rejected', 'error'] as const;

export const isRunMessage = (m: WorkerMessage): m is RunMessage => (RUN_MESSAGES as readonly string[]).includes(m.type);

/** Folds a batch of worker messages into one state update, so a burst costs one render. */
export function reduceMessages(s: StudioState, msgs: readonly WorkerMessage[]): Partial<StudioState> {
  let next: StudioState = s;
  const patch = (p: Partial<StudioState>) => {
    next = { ...next, ...p };
  };
  const lastStep = () => next.rows[next.rows.length - 1]?.step ?? 0;
  for (const m of msgs) {
    switch (m.type) {
      case 'backend':
        patch({ backend: { requested: m.requested, active: m.active, attempts: m.attempts, adapter: m.adapter, probe: m.probe } });
        break;
      case 'status':
        patch({ status: m.status, statusMessage: m.message ?? null });
        break;
      case 'dataProgress':
        patch({ dataProgress: { loaded: m.loaded, total: m.total, what: m.what } });
        break;
      case 'started':
        patch({
          ...initialRunState,
          run: { space: m.space, config: m.config, totalSteps: m.totalSteps, tableName: m.tableName, startedAt: Date.now() },
          log: [logEntry(0, 'run', `search started: ${m.totalSteps} steps, table ${m.tableName}`, false)],
        });
        break;
      case 'events':
        next = foldEvents(next, m.events);
        break;
      case 'result':
        patch({ result: m.result, archs: m.archs });
        break;
      case 'rejected':
        patch({ notices: [...next.notices.slice(-7), { id: newId(), level: 'warn', text: `refused: ${m.message}` }] });
        break;
      case 'error':
        patch({
          notices: [...next.notices.slice(-7), { id: newId(), level: 'error', text: m.message }],
          log: [...next.log, logEntry(lastStep(), 'error', m.message, false)],
        });
        break;
    }
  }
  return next;
}

function foldEvents(s: StudioState, events: readonly SearchEvent[]): StudioState {
  const rows = [...s.rows];
  const epochs = [...s.epochs];
  let snapshots = s.snapshots;
  let controls = s.controls;
  let log = s.log;
  let harm = s.harm;
  for (const e of events) {
    switch (e.type) {
      case 'step':
        rows.push({
          step: e.step,
          epoch: e.epoch,
          phase: e.phase,
          loss: e.loss,
          ce: e.ce,
          accuracy: e.accuracy,
          expectedLatencyMs: e.expectedLatencyMs,
          argmaxLatencyMs: e.argmaxLatencyMs,
          tau: e.tau,
          alpha: e.alpha,
          beta: e.beta,
          targetMs: e.targetMs ?? null,
          msPerStep: e.msPerStep,
        });
        snapshots = pushSnapshot(snapshots, { step: e.step, probabilities: e.probabilities });
        break;
      case 'epoch':
        epochs.push({ epoch: e.epoch, step: e.step, validationAccuracy: e.validationAccuracy });
        log = [
          ...log,
          logEntry(e.step, 'run', `epoch ${e.epoch + 1} done: validation accuracy ${(e.validationAccuracy * 100).toFixed(1)}%`, false),
        ];
        break;
      case 'control':
        controls = [...controls, e];
        log = [...log, logEntry(e.step, 'control', describeControl(e, s.run?.config), true)];
        break;
      case 'paused':
        log = [
          ...log,
          logEntry(
            e.step,
            'pause',
            e.reason === 'diverged' ? `paused: diverged${e.message ? ` (${e.message})` : ''}` : `paused at step ${e.step}`,
            false,
          ),
        ];
        break;
      case 'done':
        log = [...log, logEntry(e.step, 'run', e.stopped ? `stopped at step ${e.step}` : `search finished at step ${e.step}`, false)];
        break;
      case 'harm':
        harm = e;
        log = [...log, logEntry(e.step, 'control', e.message, false)];
        break;
    }
  }
  return { ...s, rows, epochs, snapshots, controls, log, harm };
}
