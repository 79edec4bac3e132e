import { archCost } from '../../../engine/costs';
import type { Dataset } from '../../../engine/dataset';
import type { SearchEvent } from '../../../engine/events';
import { tableLatencyMs, type LatencyTable } from '../../../engine/latency';
import { findBundled, parseBundled } from '../../../engine/lut/bundled';
import { TableError } from '../../../engine/lut/errors';
import { parseLatencyTable } from '../../../engine/lut/parse';
import { formatIssues, searchConfigSchema, type SearchConfig, type SearchConfigInput, type SearchResultJson } from '../../../engine/schemas';
import type { Space } from '../../../engine/space';
import { resolveSpace, Search } from '../../../engine/trainer';
import { warmUpPipelines } from '../../../engine/warmup';
import { withMicroBatch } from '../../../engine/memory';
import type { ArchSummary, AssetPaths, Command, TableSource, WorkerMessage } from '../../../app/protocol';
import { errorMessage, fetchText } from '../../../../workers/assets';
import { selectBackend } from '../../../../workers/backend-select';
import { DatasetHost } from '../../datasets/worker/dataset-host';
import { Outbox } from './outbox';
import { postCheckpoint, simulateFault, watchDevice } from '../../recovery/worker/faults';
import { checkpointSchema } from '../../../engine/checkpoint';
import { tf } from '../../../engine/tf';

type Mode = 'idle' | 'running' | 'stepping' | 'paused' | 'stopping' | 'done';

const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

/** Owns the backend, the data, the active table and the running Search; drives it one step at a time. */
export class Session {
  private ready: Promise<boolean> = Promise.resolve(false);
  private assets: AssetPaths = { wasm: '', data: '', luts: '' };
  private readonly outbox: Outbox;
  private tableSource: TableSource | null = null;
  private table: LatencyTable | null = null;
  private search: Search | null = null;
  private mode: Mode = 'idle';
  private looping = false;
  /** A start waits on the backend: an 'auto' probe still running stops measuring. */
  private searchWaiting = false;
  /** The bundled Fashion-MNIST or the last upload that decoded without error. */
  private readonly datasets = new DatasetHost((m) => this.post(m), () => this.assets.data);

  constructor(private readonly post: (m: WorkerMessage) => void) {
    this.outbox = new Outbox(post);
  }

  async handle(cmd: Command): Promise<void> {
    switch (cmd.type) {
      case 'init':
        this.assets = cmd.assets;
        this.ready = this.init(cmd);
        return;
      case 'loadTable':
        return this.loadTable(cmd);
      case 'start':
        return this.start(cmd.config);
      case 'pause':
        if (this.mode !== 'running') return this.reject('pause', 'no running search to pause');
        this.mode = 'paused';
        return;
      case 'resume':
        if (this.mode !== 'paused') return this.reject('resume', 'no paused search to resume');
        this.mode = 'running';
        this.status();
        return this.loop();
      case 'step':
        if (this.mode !== 'paused') return this.reject('step', 'Step works on a paused search');
        this.mode = 'stepping';
        this.status();
        return this.loop();
      case 'stop':
        if (!this.search || !['running', 'stepping', 'paused'].includes(this.mode)) return this.reject('stop', 'no search to stop');
        this.mode = 'stopping';
        this.status();
        if (!this.looping) await this.finish(true);
        return;
      case 'control':
        return this.control(cmd.key, cmd.value);
      case 'restore':
        return this.restore(cmd.checkpoint, cmd.run);
      case 'simulateFault':
        return simulateFault(cmd.fault);
      case 'loadDataset':
        if (this.search && ['running', 'stepping', 'paused', 'stopping'].includes(this.mode)) {
          return this.post({ type: 'datasetError', requestId: cmd.requestId, name: cmd.source.kind === 'files' ? cmd.source.label : 'fashion-mnist', message: 'a search is running; stop it before changing the dataset' });
        }
        return this.datasets.load(cmd);
    }
  }

  private async init(cmd: Extract<Command, { type: 'init' }>): Promise<boolean> {
    this.searchWaiting = false;
    const sel = await selectBackend(cmd.backend, cmd.assets.wasm, cmd.exclude, () => this.searchWaiting);
    this.post({ type: 'backend', requested: cmd.backend, ...sel });
    if (sel.active === 'webgpu') watchDevice(this.post);
    if (!sel.active) this.post({ type: 'error', message: `no tfjs backend could be initialised (${sel.attempts.map((a) => `${a.name}: ${a.error}`).join('; ')})` });
    return sel.active != null;
  }

  private reject(command: Command['type'], message: string): void {
    this.post({ type: 'rejected', command, message });
  }

  private status(message?: string): void {
    const s = this.mode === 'stepping' ? 'running' : this.mode;
    this.post({ type: 'status', status: s, ...(message ? { message } : {}) });
  }

  private async spaceFor(config: SearchConfig): Promise<Space> {
    return resolveSpace(config, await this.datasets.nativeShape());
  }

  private async readTable(source: TableSource, space: Space) {
    if (source.kind === 'csv') return parseLatencyTable(source.text, space, { name: source.name });
    const entry = findBundled(source.id);
    if (!entry) throw new TableError([{ message: `“${source.id}” is not a bundled table` }]);
    return parseBundled(entry, await fetchText(`${this.assets.luts}${entry.file}`), space);
  }

  private async loadTable(cmd: Extract<Command, { type: 'loadTable' }>): Promise<void> {
    const name = cmd.source.kind === 'csv' ? cmd.source.name : cmd.source.id;
    const live = this.search && this.mode !== 'done' ? this.search : null;
    try {
      const config = searchConfigSchema.safeParse(cmd.config);
      if (!live && !config.success) throw new Error(`the config is invalid (${formatIssues(config.error).join('; ')})`);
      const space = live ? live.space : await this.spaceFor(config.data!);
      const parsed = await this.readTable(cmd.source, space);
      if (live) live.setTable(parsed.table);
      this.tableSource = cmd.source;
      this.table = parsed.table;
      this.post({
        type: 'table',
        requestId: cmd.requestId,
        source: cmd.source.kind,
        table: parsed.table,
        space,
        warnings: parsed.warnings,
        format: String(parsed.format),
        shapesMatch: parsed.shapesMatch,
        appliedToRun: live != null,
      });
      this.post({ type: 'tableMapping', requestId: cmd.requestId, mapping: parsed.mapping, shapesMatch: parsed.shapesMatch });
    } catch (err) {
      const issues = err instanceof TableError ? err.issues : [];
      this.post({ type: 'tableError', requestId: cmd.requestId, name, message: errorMessage(err), issues });
    }
  }

  private async loadData(cfg: SearchConfig, space: Space): Promise<Dataset> {
    return this.datasets.forSearch(cfg, space, (fraction: number, message: string) => this.post({ type: 'dataProgress', loaded: fraction, total: 1, what: message }));
  }

  private async start(input: SearchConfigInput): Promise<void> {
    if (this.search && ['running', 'stepping', 'paused', 'stopping'].includes(this.mode)) return this.reject('start', 'a search is already running; stop it first');
    const blocked = this.startBlocker();
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
    this.mode = 'idle';
    this.search?.dispose();
    this.search = null;
    try {
      this.post({ type: 'status', status: 'loading', message: 'initialising backend' });
      this.searchWaiting = true;
      if (!(await this.ready)) throw new Error('no backend is available');
      if (!this.tableSource) throw new Error('no latency table is active');
      const space = await this.spaceFor(config);
      this.post({ type: 'status', status: 'loading', message: `loading ${this.datasets.name}` });
      const dataset = await this.loadData(config, space);
      const { table } = await this.readTable(this.tableSource, space);
      this.table = table;
      this.post({ type: 'status', status: 'loading', message: 'building the supernet' });
      const search = await Search.create({ config: withMicroBatch({ ...config, dataset: this.datasets.name }, space, tf.getBackend()), dataset, table, space });
      this.search = search;
      await warmUpPipelines(search.space, config.batchSize, () => this.post({ type: 'status', status: 'loading', message: 'compiling GPU pipelines' }));
      this.post({ type: 'started', space: search.space, config: { ...search.config }, totalSteps: search.totalSteps, tableName: table.name });
      await postCheckpoint(search, 'start', this.post);
      this.mode = 'running';
      this.status();
      await this.loop();
    } catch (err) {
      this.mode = 'idle';
      this.post({ type: 'status', status: 'error', message: errorMessage(err) });
      this.post({ type: 'error', message: `search failed: ${errorMessage(err)}` });
    }
  }

  /** One step per task, so pause/step/stop/control messages get in between steps. */
  private async loop(): Promise<void> {
    const search = this.search;
    if (this.looping || !search) return;
    this.looping = true;
    try {
      let announced = false;
      let stepped = false;
      while (this.mode === 'running' || this.mode === 'stepping') {
        const once = this.mode === 'stepping';
        const events: SearchEvent[] = await search.step();
        this.outbox.push(events);
        if (events.some((e) => e.type === 'done')) return await this.finish(false, events);
        if (events.some((e) => e.type === 'epoch')) {
          this.outbox.flush();
          await postCheckpoint(search, 'epoch', this.post);
        }
        if (events.some((e) => e.type === 'paused')) {
          this.mode = 'paused';
          announced = true;
        } else if (once && this.mode === 'stepping') {
          this.mode = 'paused';
          stepped = true;
        }
        await nextTask();
      }
      if ((this.mode as Mode) === 'stopping') return await this.finish(true);
      if (!announced && !stepped) this.outbox.push([{ type: 'paused', step: search.stepIndex, reason: 'user' }]);
      this.outbox.flush();
      // A diverged pause keeps the last good checkpoint: only a user's pause is saved.
      if (!announced && !stepped) await postCheckpoint(search, 'pause', this.post);
      this.status();
    } catch (err) {
      this.mode = 'paused';
      this.outbox.flush();
      this.post({ type: 'status', status: 'paused', message: errorMessage(err) });
      this.post({ type: 'error', message: `step failed: ${errorMessage(err)}` });
      this.post({ type: 'backendLost', backend: tf.getBackend(), message: `a step failed on ${tf.getBackend()}: ${errorMessage(err)}` });
    } finally {
      this.looping = false;
    }
  }

  /** A search rebuilt from a checkpoint on this worker's backend and data, paused or running. */
  private async restore(input: unknown, run: boolean): Promise<void> {
    if (this.searchActive) return this.reject('restore', 'a search is running; stop it first');
    const parsed = checkpointSchema.safeParse(input);
    if (!parsed.success) return this.reject('restore', `invalid checkpoint: ${formatIssues(parsed.error).slice(0, 5).join('; ')}`);
    const cp = parsed.data;
    this.search?.dispose();
    this.search = null;
    this.mode = 'idle';
    try {
      this.post({ type: 'status', status: 'loading', message: `restoring step ${cp.position.step}` });
      if (!(await this.ready)) throw new Error('no backend is available');
      const dataset = await this.loadData(cp.config, cp.space);
      const search = await Search.restore(cp, { dataset });
      this.search = search;
      this.table = cp.table;
      await warmUpPipelines(search.space, cp.config.batchSize, () => this.post({ type: 'status', status: 'loading', message: 'compiling GPU pipelines' }));
      this.post({ type: 'started', space: search.space, config: { ...search.config }, totalSteps: search.totalSteps, tableName: cp.table.name });
      const result = await search.result();
      this.post({ type: 'restored', step: search.stepIndex, history: cp.history, epochs: cp.epochLog.map((e) => ({ ...e, validationAccuracy: e.validationAccuracy ?? Number.NaN })), controls: cp.controlLog, probabilities: result.probabilities });
      this.mode = run ? 'running' : 'paused';
      this.status();
      if (run) await this.loop();
    } catch (err) {
      this.mode = 'idle';
      this.post({ type: 'status', status: 'error', message: errorMessage(err) });
      this.post({ type: 'error', message: `resuming failed: ${errorMessage(err)}` });
    }
  }

  private async finish(stopped: boolean, events: SearchEvent[] = []): Promise<void> {
    const search = this.search;
    if (!search) return;
    const done = events.find((e) => e.type === 'done');
    let result: SearchResultJson;
    if (done?.type === 'done') result = done.result;
    else {
      search.stop();
      result = await search.result();
      this.outbox.push([{ type: 'done', step: search.stepIndex, stopped, result }]);
    }
    this.outbox.flush();
    this.mode = 'done';
    this.post({ type: 'result', result, archs: this.summaries(result) });
    this.status();
  }

  private summaries(result: SearchResultJson): ArchSummary[] {
    return [result.argmax, ...result.samples].map((a) => {
      const cost = archCost(result.space, a.blocks);
      return { name: a.name, blocks: a.blocks, macs: cost.macs, params: cost.params, latencyMs: this.table ? tableLatencyMs(this.table, a.blocks) : null };
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

  // ---- shared with the after-search jobs (workers/after-search.ts), which use the same backend, data and tables ----

  /** Set by the after-search jobs: a reason a search may not start now, or null. */
  startBlocker: () => string | null = () => null;

  get searchActive(): boolean {
    return this.search != null && ['running', 'stepping', 'paused', 'stopping'].includes(this.mode);
  }

  backendReady(): Promise<boolean> {
    return this.ready;
  }

  activeTable(): LatencyTable | null {
    return this.table;
  }

  resolveSpace(config: SearchConfig): Promise<Space> {
    return this.spaceFor(config);
  }

  bundledTable(id: string, space: Space) {
    return this.readTable({ kind: 'bundled', id }, space);
  }

  dataFor(config: SearchConfig, space: Space): Promise<Dataset> {
    return this.loadData(config, space);
  }
}
