import type { SearchEvent } from '../../../engine/search/events';
import type { WorkerMessage } from '../../../app/protocol';

/**
 * Step events are batched and posted at most every `intervalMs`, so a fast search costs the page
 * a few messages a second; control, pause and done events go out at once because the user is
 * waiting to see them.
 */
export class Outbox {
  private pending: SearchEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly post: (m: WorkerMessage) => void,
    private readonly intervalMs = 100,
  ) {}

  push(events: readonly SearchEvent[]): void {
    if (!events.length) return;
    this.pending.push(...events);
    if (events.some((e) => e.type !== 'step' && e.type !== 'epoch')) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending.length) return;
    const events = this.pending;
    this.pending = [];
    this.post({ type: 'events', events });
  }
}
