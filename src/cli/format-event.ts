import type { SearchEvent } from '../engine/search/events';

const f = (v: number | null, d = 3) => (v == null || !Number.isFinite(v) ? '—' : v.toFixed(d));

/** One human-readable progress line per event. */
export function formatEvent(e: SearchEvent, totalSteps: number): string {
  switch (e.type) {
    case 'step':
      return (
        `step ${e.step}/${totalSteps} epoch ${e.epoch} ${e.phase === 'w' ? 'w    ' : 'theta'} ` +
        `loss ${f(e.loss)} ce ${f(e.ce)} acc ${f(e.accuracy * 100, 1)}% ` +
        `E[lat] ${f(e.expectedLatencyMs, 3)} ms argmax ${f(e.argmaxLatencyMs, 3)} ms tau ${f(e.tau)} ${Math.round(e.msPerStep)} ms/step`
      );
    case 'epoch':
      return `epoch ${e.epoch} done: validation accuracy ${f(e.validationAccuracy * 100, 1)}% (tau ${f(e.tau)})`;
    case 'control':
      return `control at step ${e.step}: ${e.key} ${e.previous ?? 'schedule'} → ${e.value ?? 'schedule'}`;
    case 'paused':
      return `paused at step ${e.step} (${e.reason})${e.message ? `: ${e.message}` : ''}`;
    case 'done':
      return `done at step ${e.step}${e.stopped ? ' (stopped)' : ''}`;
    case 'harm':
      return `warning at step ${e.step}: ${e.message}`;
  }
}
