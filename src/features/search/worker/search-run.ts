import type { ArchSummary, Command, WorkerMessage } from '../../../app/protocol';
import { checkpointSchema } from '../../../engine/search/checkpoint';
import { archCost } from '../../../engine/space/costs';
import type { Dataset } from '../../../engine/data/dataset';
import { errorMessage } from '../../../engine/errors';
import { tableLatencyMs } from '../../../engine/lut/latency';
import { withMicroBatch } from '../../../engine/search/memory';
import {
  formatIssues,
  searchConfigSchema,
  type SearchConfig,
  type SearchConfigInput,
  type SearchResultJson,
} from '../../../engine/schemas';
import type { Space } from '../../../engine/space/space';
import { tf } from '../../../engine/runtime/tf';
import { restoreSearch, RunDriver, Search, type DriverMode } from '../../../engine/search';
import { warmUpPipelines } from '../../../engine/runtime/warmup';
import type { WorkerHost } from '../../../../workers/host';
import { postCheckpoint } from '../../recovery/worker/faults';
import { Outbox } from './outbox';

/** The longest stretch of searching a reload may lose. */
export const CHECKPOINT_EVERY_MS = 30_000;

/** A zero-delay macrotask, so pause/step/stop/control messages get in between steps. */
const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

/** Owns the running Search and drives it through the engine's RunDriver, on the host's backend, data and table. */
export class SearchRun {
  private readonly outbox: Outbox;
  private readonly post: (m: WorkerMessage) => void;
  private search: Search | null = null;
  private driver: RunDriver | null = null;

  constructor(private readonly host: WorkerHost) {
    this.post = host.post;
    this.outbox = new Outbox(host.post);
  }

  private get mode(): DriverMode {
    return this.driver?.mode ?? 'idle';
  }

  async handle(cmd: Extract<Command, { type: 'start' | 'pause' | 'resume' | 'step' | 'stop' | 'control' }>): Promise<void> {
    const d = this.driver;
    switch (cmd.type) {
      case 'start':
        return this.start(cmd.config);
      case 'pause':
        if (d?.mode !== 'running') return this.reject('pause', 'no running search to pause');
        return d.pause();
      case 'resume':
        if (d?.mode !== 'paused') return this.reject('resume', 'no paused search to resume');
        return this.drive(() => d.run());
      case 'step':
        if (d?.mode !== 'paused') return this.reject('step', 'Step works on a paused search');
        return this.drive(() => d.stepOnce());
      case 'stop':
        if (!d || !['running', 'stepping', 'paused'].includes(d.mode)) return this.reject('stop', 'no search to stop');
        if (d.busy) {
          void d.stop();
          return this.status();
        }
        return this.drive(() => d.stop());
      case 'control':
        return this.control(cmd.key, cmd.value);
    }
  }

  /**
   * A driver whose events go through the outbox, with a checkpoint at every epoch end and user
   * pause, and between steps once CHECKPOINT_EVERY_MS of searching have passed without one.
   */
  private drives(search: Search): RunDriver {
    let savedAt = performance.now();
    const checkpoint = async (reason: 'epoch' | 'pause' | 'time') => {
      this.outbox.flush();
      savedAt = performance.now();
      await postCheckpoint(search, reason, this.post);
    };
    return new RunDriver(search, {
      onEvents: (events) => {
        this.outbox.push(events);
        const done = events.find((e) => e.type === 'done');
        if (done?.type === 'done') this.finish(done.result);
      },
      afterEpoch: () => checkpoint('epoch'),
      // A diverged pause keeps the last good checkpoint: only a user's pause is saved.
      afterUserPause: () => checkpoint('pause'),
      between: async () => {
        if (this.mode === 'running' && performance.now() - savedAt >= CHECKPOINT_EVERY_MS) await checkpoint('time');
        await nextTask();
      },
    });
  }

  /**
   * Runs the driver (one step per task, so pause/step/stop/control messages get in between). A
   * resume or step that comes while a pause winds down waits for it in the driver; the loop that
   * is ending reports the status then, so this one reports only its own end.
   */
  private async drive(go: () => Promise<void>): Promise<void> {
    const d = this.driver;
    if (!d) return;
    const queued = d.busy;
    const p = go();
    if (!queued) this.status();
    try {
      await p;
      if (d.mode !== 'done') {
        this.outbox.flush();
        this.status();
      }
    } catch (err) {
      // Said before the pause below reaches the page: the recovered search runs on only if this one was.
      const resume = d.mode === 'running';
      d.mode = 'paused';
      this.outbox.flush();
      this.post({ type: 'status', status: 'paused', message: errorMessage(err) });
      this.post({
        type: 'backendLost',
        backend: tf.getBackend(),
        message: `a step failed on ${tf.getBackend()}: ${errorMessage(err)}`,
        resume,
      });
    }
  }

  private reject(command: Command['type'], message: string): void {
    this.post({ type: 'rejected', command, message });
  }

  private status(message?: string): void {
    const s = this.mode === 'stepping' ? 'running' : this.mode;
    this.post({ type: 'status', status: s, ...(message ? { message } : {}) });
  }

  private async loadData(cfg: SearchConfig, space: Space): Promise<Dataset> {
    return this.host.data.forSearch(cfg, space, (fraction: number, message: string) =>
      this.post({ type: 'dataProgress', loaded: fraction, total: 1, what: message }),
    );
  }

  private async start(input: SearchConfigInput): Promise<void> {
    if (this.search && ['running', 'stepping', 'paused', 'stopping'].includes(this.mode))
      return this.reject('start', 'a search is already running; stop it first');
    const blocked = this.host.startBlocker();
    if (blocked) {
      this.status();
      return this.reject('start', blocked);
    }
    const parsed = searchConfigSchema.safeParse(input);
    if (!parsed.success) {
      this.post({ type: 'status', status: 'idle' });
      return this.reject('start', `invalid config: ${formatIssues(parsed.error).join('; ')}`);
    }
    const config = parsed.data;
    this.driver = null;
    this.search?.dispose();
    this.search = null;
    try {
      this.post({ type: 'status', status: 'loading', message: 'initialising backend' });
      this.host.searchWaiting = true;
      if (!(await this.host.backendReady())) throw new Error('no backend is available');
      if (!this.host.tables.hasSource()) throw new Error('no latency table is active');
      const space = await this.host.resolveSpace(config);
      this.post({ type: 'status', status: 'loading', message: `loading ${this.host.data.name}` });
      const dataset = await this.loadData(config, space);
      const table = await this.host.tables.readActive(space);
      this.post({ type: 'status', status: 'loading', message: 'building the supernet' });
      const search = await Search.create({
        config: withMicroBatch({ ...config, dataset: this.host.data.name }, space, tf.getBackend()),
        dataset,
        table,
        space,
      });
      this.search = search;
      await this.announce(search, table.name);
      await postCheckpoint(search, 'start', this.post);
      this.driver = this.drives(search);
      await this.drive(() => this.driver!.run());
    } catch (err) {
      this.driver = null;
      this.post({ type: 'status', status: 'error', message: errorMessage(err) });
      this.post({ type: 'error', message: `search failed: ${errorMessage(err)}` });
    }
  }

  /** GPU pipelines compiled before the first step, then the page told what the new search is. */
  private async announce(search: Search, tableName: string): Promise<void> {
    await warmUpPipelines(search, () => this.post({ type: 'status', status: 'loading', message: 'compiling GPU pipelines' }));
    this.post({ type: 'started', space: search.space, config: { ...search.config }, totalSteps: search.totalSteps, tableName });
  }

  /** A search rebuilt from a checkpoint on this worker's backend and data, paused or running. */
  async restore(input: unknown, run: boolean): Promise<void> {
    if (this.searchActive) return this.reject('restore', 'a search is running; stop it first');
    const parsed = checkpointSchema.safeParse(input);
    if (!parsed.success) return this.reject('restore', `invalid checkpoint: ${formatIssues(parsed.error).slice(0, 5).join('; ')}`);
    const cp = parsed.data;
    this.search?.dispose();
    this.search = null;
    this.driver = null;
    try {
      this.post({ type: 'status', status: 'loading', message: `restoring step ${cp.position.step}` });
      if (!(await this.host.backendReady())) throw new Error('no backend is available');
      const dataset = await this.loadData(cp.config, cp.space);
      const search = await restoreSearch(cp, { dataset });
      this.search = search;
      this.host.tables.adopt(cp.table, search.space);
      await this.announce(search, cp.table.name);
      const result = await search.result();
      this.post({
        type: 'restored',
        step: search.stepIndex,
        history: cp.history,
        epochs: cp.epochLog.map((e) => ({ ...e, validationAccuracy: e.validationAccuracy ?? Number.NaN })),
        controls: cp.controlLog,
        probabilities: result.probabilities,
      });
      this.driver = this.drives(search);
      if (run) await this.drive(() => this.driver!.run());
      else this.status();
    } catch (err) {
      this.driver = null;
      this.post({ type: 'status', status: 'error', message: errorMessage(err) });
      this.post({ type: 'error', message: `resuming failed: ${errorMessage(err)}` });
    }
  }

  private finish(result: SearchResultJson): void {
    this.outbox.flush();
    this.post({ type: 'result', result, archs: this.summaries(result) });
    // The driver marks itself done only after this event's hooks: the search is done now.
    this.post({ type: 'status', status: 'done' });
  }

  private summaries(result: SearchResultJson): ArchSummary[] {
    const table = this.host.tables.active();
    return [result.argmax, ...result.samples].map((a) => {
      const cost = archCost(result.space, a.blocks);
      return {
        name: a.name,
        blocks: a.blocks,
        macs: cost.macs,
        params: cost.params,
        latencyMs: table ? tableLatencyMs(table, a.blocks) : null,
      };
    });
  }

  private control(key: Extract<Command, { type: 'control' }>['key'], value: number | null): void {
    if (!this.search || !['running', 'stepping', 'paused'].includes(this.mode)) return this.reject('control', 'no search is running');
    try {
      const ev = this.search.setControl(key, value);
      this.outbox.push([ev]);
    } catch (err) {
      this.reject('control', errorMessage(err));
    }
  }

  /** The current θ's argmax and samples, built from the live search (a read of θ, between or during steps). */
  async liveResult(): Promise<void> {
    const search = this.search;
    if (!search) return this.reject('liveResult', 'there is no search to export');
    try {
      this.post({ type: 'liveResult', result: await search.result() });
    } catch (err) {
      this.reject('liveResult', `the architectures could not be read: ${errorMessage(err)}`);
    }
  }

  get searchActive(): boolean {
    return this.search != null && ['running', 'stepping', 'paused', 'stopping'].includes(this.mode);
  }

  /** The search a new table applies to: any but a finished one. */
  get live(): Search | null {
    return this.search && this.mode !== 'done' ? this.search : null;
  }
}
