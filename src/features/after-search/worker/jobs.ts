import { errorMessage } from '../../../engine/errors';
import { withMicroBatch } from '../../../engine/search/memory';
import { tf } from '../../../engine/runtime/tf';
import type { BlockName } from '../../../engine/space/blocks';
import type { Dataset } from '../../../engine/data/dataset';
import { exportOnnxModel, exportTfjsModel, WEIGHTS_FILE } from '../../../engine/export';
import { tableLatencyMs, type LatencyTable } from '../../../engine/lut/latency';
import type { ChildNet } from '../../../engine/nn/childnet';
import { crossDeviceMatrix, measureInference, trainChild } from '../../../engine/retrain';
import { formatIssues, searchConfigSchema, type SearchConfig, type SearchConfigInput } from '../../../engine/schemas';
import type { Space } from '../../../engine/space/space';
import { Search } from '../../../engine/search';
import type { RetrainCommand, RetrainJob, StudyArch, WorkerMessage } from '../../../app/protocol';

/** What the jobs need from the worker host (workers/host.ts): its backend, data, tables and start guard. */
export interface JobHost {
  startBlocker: () => string | null;
  readonly searchActive: boolean;
  backendReady(): Promise<boolean>;
  activeTable(): LatencyTable | null;
  resolveSpace(config: SearchConfig): Promise<Space>;
  bundledTable(id: string, space: Space): Promise<{ table: LatencyTable }>;
  dataFor(config: SearchConfig, space: Space): Promise<Dataset>;
}

/** Trained nets kept for export; the oldest beyond this is freed. */
const KEEP_NETS = 12;

const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

function parseConfig(input: SearchConfigInput): SearchConfig {
  const r = searchConfigSchema.safeParse(input);
  if (!r.success) throw new Error(`the config is invalid (${formatIssues(r.error, input).join('; ')})`);
  return r.data;
}

/**
 * Retraining and the cross-device study, on the host's backend, data and tables. Retrains queue
 * behind each other; neither runs next to a search (they would share the backend and the data
 * cache), so a retrain or study is refused while one runs and a search is refused while they run.
 */
export class AfterSearchJobs {
  private readonly queue: RetrainJob[] = [];
  private current: { id: number; abort: AbortController } | null = null;
  private readonly nets = new Map<number, { net: ChildNet; name: string }>();
  private study: { cancelled: boolean } | null = null;

  constructor(
    private readonly host: JobHost,
    private readonly post: (m: WorkerMessage) => void,
  ) {
    const other = host.startBlocker;
    host.startBlocker = () => {
      if (this.study) return 'a cross-device study is running; cancel it or wait for it to finish';
      if (this.current || this.queue.length) return 'a retrain is running; cancel it or wait for it to finish';
      return other();
    };
  }

  async handle(cmd: RetrainCommand): Promise<void> {
    switch (cmd.type) {
      case 'retrain':
        return this.enqueue(cmd.job);
      case 'cancelRetrain':
        return this.cancel(cmd.id);
      case 'exportRetrained':
        return this.exportNet(cmd.id, cmd.format ?? 'tfjs');
      case 'study':
        return this.runStudy(cmd.config, cmd.tables);
      case 'cancelStudy':
        if (!this.study) return this.post({ type: 'rejected', command: 'cancelStudy', message: 'no cross-device study is running' });
        this.study.cancelled = true;
        return;
    }
  }

  private enqueue(job: RetrainJob): void {
    const refuse = this.host.searchActive ? 'a search is running' : this.study ? 'a cross-device study is running' : null;
    if (refuse) {
      this.post({
        type: 'retrainState',
        id: job.id,
        state: 'error',
        message: `refused: ${refuse}; retrain when it has finished or been stopped`,
      });
      return;
    }
    this.queue.push(job);
    this.post({ type: 'retrainState', id: job.id, state: 'queued' });
    if (!this.current) void this.drain();
  }

  private cancel(id: number): void {
    if (this.current?.id === id) {
      this.current.abort.abort();
      return;
    }
    const i = this.queue.findIndex((j) => j.id === id);
    if (i < 0) return this.post({ type: 'rejected', command: 'cancelRetrain', message: `retrain #${id} is not queued or running` });
    this.queue.splice(i, 1);
    this.post({ type: 'retrainState', id, state: 'cancelled', message: 'cancelled before it started' });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const job = this.queue.shift()!;
      const abort = new AbortController();
      this.current = { id: job.id, abort };
      try {
        await this.retrain(job, abort.signal);
      } catch (err) {
        const cancelled = abort.signal.aborted;
        this.post({
          type: 'retrainState',
          id: job.id,
          state: cancelled ? 'cancelled' : 'error',
          message: cancelled ? 'cancelled' : errorMessage(err),
        });
      } finally {
        this.current = null;
      }
    }
  }

  private async retrain(job: RetrainJob, signal: AbortSignal): Promise<void> {
    const { id } = job;
    this.post({ type: 'retrainState', id, state: 'loading', message: 'loading the data' });
    if (!(await this.host.backendReady())) throw new Error('no backend is available');
    const config = parseConfig({ ...job.config, trainSamples: job.budget.trainSamples });
    const dataset = await this.host.dataFor(config, job.space);
    if (signal.aborted) throw new Error('cancelled');
    this.post({ type: 'retrainState', id, state: 'training' });
    let lastPost = 0;
    const result = await trainChild({
      space: job.space,
      blocks: job.blocks,
      dataset,
      epochs: job.budget.epochs,
      batchSize: config.batchSize,
      lr: config.wLr,
      seed: config.seed,
      signal,
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastPost < 150 && p.step < p.totalSteps) return;
        lastPost = now;
        this.post({
          type: 'retrainProgress',
          id,
          epoch: p.epoch,
          step: p.step,
          totalSteps: p.totalSteps,
          loss: p.loss,
          accuracy: p.accuracy,
        });
      },
    });
    try {
      this.post({ type: 'retrainState', id, state: 'measuring', message: 'timing inference in this browser' });
      const inference = await measureInference(result.net, { repeats: 10, warmup: 2 });
      const table = this.host.activeTable();
      this.keep(id, result.net, job.name);
      this.post({
        type: 'retrainDone',
        id,
        outcome: {
          testAccuracy: result.testAccuracy,
          macs: result.macs,
          params: result.params,
          latencyMs: table ? tableLatencyMs(table, job.blocks) : null,
          tableName: table?.name ?? null,
          inference: { backend: inference.backend, medianMs: inference.medianMs, minMs: inference.minMs },
          history: result.history.map((h) => ({ epoch: h.epoch, loss: h.loss, accuracy: h.accuracy, testAccuracy: h.testAccuracy })),
          trainSamples: dataset.train.n,
          testSamples: dataset.test.n,
        },
      });
      this.post({ type: 'retrainState', id, state: 'done' });
    } catch (err) {
      if (!this.nets.has(id)) result.net.dispose();
      throw err;
    }
  }

  private keep(id: number, net: ChildNet, name: string): void {
    this.nets.set(id, { net, name });
    while (this.nets.size > KEEP_NETS) {
      const [oldest, kept] = this.nets.entries().next().value!;
      kept.net.dispose();
      this.nets.delete(oldest);
    }
  }

  private async exportNet(id: number, format: 'tfjs' | 'onnx'): Promise<void> {
    const kept = this.nets.get(id);
    if (!kept) {
      return this.post({
        type: 'rejected',
        command: 'exportRetrained',
        message: `the trained weights of #${id} are no longer held (only the last ${KEEP_NETS} are kept); retrain it to export`,
      });
    }
    if (format === 'onnx') {
      const bytes = await exportOnnxModel(kept.net);
      return this.post({ type: 'retrainOnnx', id, bytes: bytes.buffer as ArrayBuffer });
    }
    const files = await exportTfjsModel(kept.net);
    const weights = files.weightData;
    this.post({ type: 'retrainExport', id, modelJson: JSON.stringify(files.modelJson), weights, weightsFile: WEIGHTS_FILE });
  }

  private async runStudy(input: SearchConfigInput, ids: string[]): Promise<void> {
    const refuse = this.host.searchActive
      ? 'a search is running'
      : this.study
        ? 'a study is already running'
        : this.current || this.queue.length
          ? 'a retrain is running'
          : null;
    if (refuse) return this.post({ type: 'studyEnded', state: 'error', message: `refused: ${refuse}` });
    if (new Set(ids).size < 2)
      return this.post({ type: 'studyEnded', state: 'error', message: 'pick at least two different device tables' });
    const study = { cancelled: false };
    this.study = study;
    const progress = (index: number, step: number, totalSteps: number, what: string) =>
      this.post({ type: 'studyProgress', index, tables: ids, step, totalSteps, what });
    try {
      const config = parseConfig(input);
      if (!(await this.host.backendReady())) throw new Error('no backend is available');
      const space = await this.host.resolveSpace(config);
      const tables: LatencyTable[] = [];
      for (const id of ids) {
        try {
          tables.push((await this.host.bundledTable(id, space)).table);
        } catch (err) {
          throw new Error(`table ${id}: ${errorMessage(err)}`);
        }
      }
      progress(0, 0, 0, 'loading the data');
      const dataset = await this.host.dataFor(config, space);
      const archs: StudyArch[] = [];
      for (let i = 0; i < tables.length; i++) {
        if (study.cancelled) break;
        progress(i, 0, 0, `building the supernet for ${ids[i]}`);
        const search = await Search.create({ config: withMicroBatch(config, space, tf.getBackend()), dataset, table: tables[i], space });
        try {
          let blocks: BlockName[] | null = null;
          while (!blocks && !study.cancelled) {
            const events = await search.step();
            progress(i, search.stepIndex, search.totalSteps, `searching on ${ids[i]}`);
            const paused = events.find((e) => e.type === 'paused');
            if (paused?.type === 'paused')
              throw new Error(`the search on ${ids[i]} diverged${paused.message ? ` (${paused.message})` : ''}`);
            const done = events.find((e) => e.type === 'done');
            if (done?.type === 'done') blocks = done.result.argmax.blocks;
            await nextTask();
          }
          if (blocks) archs.push({ table: ids[i], name: `argmax@${ids[i]}`, blocks });
        } finally {
          search.dispose();
        }
      }
      if (study.cancelled)
        return this.post({ type: 'studyEnded', state: 'cancelled', message: `cancelled after ${archs.length} of ${ids.length} searches` });
      const m = crossDeviceMatrix(archs, tables);
      this.post({ type: 'studyDone', matrix: { archs, tables: ids, ms: m.ms, fastest: m.fastest, space } });
    } catch (err) {
      this.post({ type: 'studyEnded', state: 'error', message: errorMessage(err) });
    } finally {
      this.study = null;
    }
  }
}
