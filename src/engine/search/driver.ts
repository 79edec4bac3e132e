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
  /** The loop in progress, up to and including a pause's hook: a later run or step waits for it. */
  private current: Promise<void> | null = null;

  constructor(
    readonly search: Search,
    private readonly hooks: DriverHooks,
  ) {
    if (search.status === 'done') this.mode = 'done';
    else if (search.status === 'paused') this.mode = 'paused';
  }

  /** Runs until done, paused or stopped; resolves when the loop has ended. */
  run(): Promise<void> {
    return this.begin('running');
  }

  /** One step from a paused (or fresh) search, then paused again. */
  stepOnce(): Promise<void> {
    return this.begin('stepping');
  }

  /**
   * A command that arrives while a pause is still winding down (the step in flight, the pause's
   * checkpoint) runs after it, exactly once: starting a second loop then would step twice, and
   * dropping the command would leave the search paused with nothing said.
   */
  private begin(mode: 'running' | 'stepping'): Promise<void> {
    if (this.current) return this.current.then(() => this.begin(mode));
    if (this.mode !== 'paused' && this.mode !== 'idle') return Promise.resolve();
    this.mode = mode;
    const p = this.loop().finally(() => {
      if (this.current === p) this.current = null;
    });
    this.current = p;
    return p;
  }

  /** Takes effect between steps. */
  pause(): void {
    if (this.mode === 'running' || this.mode === 'idle') this.mode = 'paused';
  }

  /** Ends the search: after the current step when one is running, else at once. */
  async stop(): Promise<void> {
    if (this.mode === 'done') return;
    this.mode = 'stopping';
    if (!this.current) await this.finish();
  }

  get busy(): boolean {
    return this.current != null;
  }

  private async loop(): Promise<void> {
    const search = this.search;
    let announced = false;
    let stepped = false;
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
    if (this.mode === 'stopping') return this.finish();
    if (!announced && !stepped) {
      this.hooks.onEvents([{ type: 'paused', step: search.stepIndex, reason: 'user' }]);
      await this.hooks.afterUserPause?.();
      // A stop that came during the pause's checkpoint.
      if ((this.mode as DriverMode) === 'stopping') return this.finish();
    }
  }

  private async finish(): Promise<void> {
    this.search.stop();
    this.mode = 'done';
    this.hooks.onEvents([{ type: 'done', step: this.search.stepIndex, stopped: true, result: await this.search.result() }]);
  }
}
