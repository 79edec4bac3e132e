import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

/**
 * Runs queued jobs one per macrotask. A step used to re-render every chart in one task (each chart
 * costs tens of ms, most of it in the chart library's own effects), which blocked input for longer
 * than a frame budget allows; one chart a task keeps each task short and lets input in between.
 * A key's newer job replaces its pending one, so a chart that falls behind skips to the newest data.
 */
export function createStagger(schedule: (run: () => void) => void) {
  const pending = new Map<object, () => void>();
  let scheduled = false;
  const tick = () => {
    scheduled = false;
    const next = pending.entries().next();
    if (next.done) return;
    const [key, job] = next.value;
    pending.delete(key);
    job();
    if (pending.size) plan();
  };
  const plan = () => {
    if (scheduled) return;
    scheduled = true;
    schedule(tick);
  };
  return {
    enqueue(key: object, job: () => void): () => void {
      // Re-inserted at the back: the other keys waiting go first.
      pending.delete(key);
      pending.set(key, job);
      plan();
      return () => {
        if (pending.get(key) === job) pending.delete(key);
      };
    },
    get size() {
      return pending.size;
    },
  };
}

const stagger = createStagger((run) => setTimeout(run, 0));

/**
 * `value`, applied in a task of its own (from `initial` on the first render, when given). flushSync
 * renders, commits and runs the effects (and the chart's internal store updates they trigger) inside
 * that task, so two charts never share one.
 */
export function useStaggered<T>(value: T, ...initial: [T] | []): T {
  const [shown, setShown] = useState(() => (initial.length ? initial[0] : value));
  const [key] = useState(() => ({}));
  useEffect(() => {
    if (Object.is(shown, value)) return;
    return stagger.enqueue(key, () => flushSync(() => setShown(() => value)));
  }, [key, shown, value]);
  return shown;
}
