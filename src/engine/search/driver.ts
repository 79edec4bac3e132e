/**
 * The one loop that drives a Search: run to the end, pause, run a single step, stop. The CLI and
 * the worker both use it; hooks let the worker save checkpoints and post events in between.
 */
import type { SearchEvent } from './events';
import type { Search } from './search';

export type DriverMode = 'idle' | 'running' | 'stepping' | 'paused' | 'stopping' | 'done';

export interface DriverHooks {
  /** Every event, in order. */
  onEvents(events: SearchEvent[]): void;
  /** After a step that closed an epoch (the worker saves a checkpoint). */
  afterEpoch?(): Promise<void>;
  /** When a user's pause took effect (not a diverged pause, which keeps the last good state). */
  afterUserPause?(): Promise<void>;
  /** Between two steps, so that pause/stop/control messages get in. */
  between?(): Promise<void>;
}

const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

export class RunDriver {
  mode: DriverMode = 'idle';
  private looping = false;

  constructor(
    readonly search: Search,
    private readonly hooks: DriverHooks,
  ) {
    if (search.status === 'done') this.mode = 'done';
    else if (search.status === 'paused') this.mode = 'paused';
  }

  /** Runs until done, paused or stopped; resolves when the loop has ended. */
  run(): Promise<void> {
    if (this.mode === 'done') return Promise.resolve();
    this.mode = 'running';
    return this.loop();
  }

  /** One step from a paused (or fresh) search, then paused again. */
  stepOnce(): Promise<void> {
    if (this.mode === 'done') return Promise.resolve();
    this.mode = 'stepping';
    return this.loop();
  }

  /** Takes effect between steps. */
  pause(): void {
    if (this.mode === 'running' || this.mode === 'idle') this.mode = 'paused';
  }

  /** Ends the search: after the current step when one is running, else at once. */
  async stop(): Promise<void> {
    if (this.mode === 'done') return;
    this.mode = 'stopping';
    if (!this.looping) await this.finish();
  }

  get busy(): boolean {
    return this.looping;
  }

  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    const search = this.search;
    let announced = false;
    let stepped = false;
    try {
      while (this.mode === 'running' || this.mode === 'stepping') {
        const once = this.mode === 'stepping';
        const events = await search.step();
        // The mode is final before the hooks see the done event (the worker reports it as its status).
        const done = events.some((e) => e.type === 'done');
        if (done) this.mode = 'done';
        this.hooks.onEvents(events);
        if (done) return;
        if (events.some((e) => e.type === 'epoch')) await this.hooks.afterEpoch?.();
        if (events.some((e) => e.type === 'paused')) {
          this.mode = 'paused';
          announced = true;
        } else if (once && this.mode === 'stepping') {
          this.mode = 'paused';
          stepped = true;
        }
        await (this.hooks.between ?? nextTask)();
      }
    } finally {
      this.looping = false;
    }
    if (this.mode === 'stopping') return this.finish();
    if (!announced && !stepped) {
      this.hooks.onEvents([{ type: 'paused', step: search.stepIndex, reason: 'user' }]);
      await this.hooks.afterUserPause?.();
    }
  }

  private async finish(): Promise<void> {
    this.search.stop();
    this.mode = 'done';
    this.hooks.onEvents([{ type: 'done', step: this.search.stepIndex, stopped: true, result: await this.search.result() }]);
  }
}
