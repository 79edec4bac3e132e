import type { WorkerMessage } from './protocol';

/**
 * Step events are committed at most this often: each commit re-renders every chart, and a fast
 * backend streams dozens of steps a second. Anything else (status, a live change, a pause: replies to
 * the user's commands) still lands on the next frame, and takes the queued steps with it.
 */
export const STEP_COMMIT_MS = 300;

/** How long a message may wait before the store takes it: 0 = the next frame. */
export function commitDelay(msg: WorkerMessage, sinceLastFlushMs: number): number {
  const onlySteps = msg.type === 'events' && msg.events.every((e) => e.type === 'step' || e.type === 'epoch');
  return onlySteps ? Math.max(0, STEP_COMMIT_MS - sinceLastFlushMs) : 0;
}
