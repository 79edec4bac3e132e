/**
 * The DNAS search (docs/method.md §4): owns the supernet, the optimisers, the schedule and the
 * live controls, and turns each step into events. Checkpointing lives in checkpointing.ts, the
 * step's tensor work in step.ts, the batch/phase/τ sequence in schedule.ts, and the
 * run/pause/stop loop that drives it in driver.ts.
 */
import { tf } from '../runtime/tf';
import { splitAccuracy } from '../data/batch';
import { BLOCK_NAMES, NUM_BLOCKS } from '../space/blocks';
import type { Dataset } from '../data/dataset';
import type { ControlEvent, ControlKey, EpochEvent, SearchEvent, StepEvent } from './events';
import { denseTable, tableLatencyMs, type LatencyTable } from '../lut/latency';
import type { LossWeights } from './loss';
import { resolveTargetMs } from './target';
import { Supernet } from '../nn/supernet';
import { ParamStore } from '../nn/params';
import { Adam, MomentumSgd } from './optim';
import { buildSearchResult, type HistoryEntry } from './result';
import { Rng } from '../rng';
import { argmaxPerLayer, gumbelNoise, hardSample, probabilities, toMatrix } from './sampling';
import { parseOrThrow, searchConfigSchema, type SearchConfig, type SearchResultJson } from '../schemas';
import { allowedMask, numLayers, type Space } from '../space/space';
import { checkControl, ControlWatch, describeHarm } from './controls';
import { Schedule } from './schedule';
import { resolveSpace } from './space-of';
import { runStep, validationLogits } from './step';
import { checkTable } from './table-check';

/** Rng streams derived from config.seed; each consumer has its own so changing one leaves the rest. */
export const STREAM = { init: 0, data: 1, gumbel: 2 } as const;

export type SearchStatus = 'ready' | 'paused' | 'done';

export class Search {
  readonly net: Supernet;
  readonly store: ParamStore;
  readonly wOpt: MomentumSgd;
  readonly thetaOpt: Adam;
  readonly schedule: Schedule;
  readonly dataRng: Rng;
  readonly gumbelRng: Rng;
  readonly mask: boolean[][];
  readonly controls: Partial<Record<ControlKey, number>> = {};
  readonly history: HistoryEntry[] = [];
  readonly controlLog: ControlEvent[] = [];
  readonly epochLog: EpochEvent[] = [];
  private readonly microBatch: number;
  private readonly watch = new ControlWatch();
  private _table: LatencyTable;
  private lut: tf.Tensor2D;
  /** The target form's T from the config and the table (resolved once per table, not per step). */
  private targetMs: number;
  /** θ on the host after the last step; sampled mode draws paths from it. */
  thetaHost: Float32Array;
  status: SearchStatus = 'ready';
  private busy = false;

  static async create(opts: { config: SearchConfig; dataset: Dataset; table: LatencyTable; space?: Space }): Promise<Search> {
    await tf.ready();
    const config = parseOrThrow(searchConfigSchema, opts.config, 'search config');
    const space = opts.space ?? resolveSpace(config, opts.dataset);
    return new Search(config, opts.dataset, opts.table, space);
  }

  private constructor(
    readonly config: SearchConfig,
    readonly dataset: Dataset,
    table: LatencyTable,
    readonly space: Space,
  ) {
    const d = dataset;
    if (d.size !== space.inputSize || d.channels !== space.inputChannels) {
      throw new Error(
        `dataset "${d.name}" is ${d.size}×${d.size}×${d.channels}, the space expects ${space.inputSize}×${space.inputSize}×${space.inputChannels}`,
      );
    }
    if (d.numClasses !== space.numClasses)
      throw new Error(`dataset "${d.name}" has ${d.numClasses} classes, the space ${space.numClasses}`);
    this.mask = allowedMask(space);
    checkTable(table, this.mask);
    this.microBatch = config.microBatch ?? config.batchSize;
    this.dataRng = Rng.fromSeed(config.seed, STREAM.data);
    this.gumbelRng = Rng.fromSeed(config.seed, STREAM.gumbel);
    this.schedule = new Schedule(config, d.train.n, this.dataRng);
    const initRng = Rng.fromSeed(config.seed, STREAM.init);
    this.net = new Supernet(space, initRng);
    const store = ParamStore.createdWith(initRng);
    if (!store) throw new Error('the supernet keeps its variables out of reach of checkpoints');
    this.store = store;
    this.wOpt = new MomentumSgd(this.net.weights, config.wMomentum, config.wWeightDecay);
    this.thetaOpt = new Adam([this.net.theta], config.thetaWeightDecay);
    this._table = table;
    const dense = denseTable(table);
    this.lut = tf.tensor2d(dense);
    this.targetMs = resolveTargetMs(config.targetMs, dense, this.mask, table.fixedMs);
    this.thetaHost = new Float32Array(numLayers(space) * NUM_BLOCKS);
  }

  get totalSteps(): number {
    return this.schedule.totalSteps;
  }
  get stepIndex(): number {
    return this.schedule.cursor.step;
  }
  get table(): LatencyTable {
    return this._table;
  }

  /** The loss weights in force: the config's, overridden by live controls. */
  get lossWeights(): LossWeights {
    const c = this.config;
    const targetMs = this.controls.targetMs ?? this.targetMs;
    return { alpha: this.controls.alpha ?? c.alpha, beta: this.controls.beta ?? c.beta, targetMs, form: c.lossForm };
  }
  get tau(): number {
    return this.controls.tau ?? this.schedule.tau;
  }
  /** Cosine decay over all w steps; a wLr control replaces the peak, the schedule goes on. */
  get wLr(): number {
    return this.schedule.wLr(this.controls.wLr ?? this.config.wLr);
  }
  get thetaLr(): number {
    return this.controls.thetaLr ?? this.config.thetaLr;
  }

  async step(): Promise<SearchEvent[]> {
    if (this.status === 'done') throw new Error('the search is done; create a new one to search again');
    if (this.busy) throw new Error('a step is already in progress');
    this.busy = true;
    try {
      return await this.stepInner();
    } finally {
      this.busy = false;
    }
  }

  /** True while a step is in flight: checkpoints are taken between steps. */
  get stepping(): boolean {
    return this.busy;
  }

  private async stepInner(): Promise<SearchEvent[]> {
    const t0 = performance.now();
    const { config, net } = this;
    const L = net.numLayers;
    const K = NUM_BLOCKS;
    const plan = this.schedule.next();
    const { phase, epoch } = plan;
    const tau = this.tau;
    const weights = this.lossWeights;
    const lr = phase === 'w' ? this.wLr : this.thetaLr;
    const sampled = config.mode === 'sampled';
    // Sampled mode draws ONE path per batch: per-sample paths would run nearly every block again,
    // which is the cost this mode exists to avoid. The path is the argmax of θ + g on the host copy
    // of θ from the last readback (current: θ steps read θ back after their update).
    const noise = gumbelNoise(this.gumbelRng, (sampled ? 1 : config.batchSize) * L * K);
    const path = sampled ? hardSample(this.thetaHost, noise, this.mask) : null;
    const out = await runStep({
      net,
      dataset: this.dataset,
      numClasses: this.space.numClasses,
      lut: this.lut,
      fixedMs: this._table.fixedMs,
      phase,
      indices: plan.indices,
      microBatch: this.microBatch,
      noise,
      path,
      tau,
      lr,
      loss: weights,
      wOpt: this.wOpt,
      thetaOpt: this.thetaOpt,
    });
    if (!out.finite) {
      this.status = 'paused';
      const { loss, ce, latencyMs } = out;
      const what = !Number.isFinite(loss)
        ? `the loss became ${loss}`
        : Number.isFinite(latencyMs) && Number.isFinite(ce)
          ? 'the θ gradient became non-finite'
          : 'the loss terms became non-finite';
      const step = this.stepIndex;
      return [
        {
          type: 'paused',
          step,
          reason: 'diverged',
          message: `${what} at step ${step + 1} (epoch ${epoch + 1}, ${phase} phase, τ = ${tau.toPrecision(3)}, lr = ${lr.toPrecision(3)}). The step was not applied. ${tau < 1e-3 ? `τ = ${tau.toPrecision(3)} is too small for float32: raise τ (e.g. to 1) or` : 'Raise τ or'} lower the ${phase === 'w' ? 'weight' : 'θ'} learning rate, then resume.`,
        },
      ];
    }
    this.thetaHost = out.theta;
    const closedEpoch = this.schedule.advance();
    const stepNo = this.stepIndex;
    const probs = toMatrix(out.probabilities, L, K);
    const argmax = argmaxPerLayer(probs).map((i) => BLOCK_NAMES[i]);
    const msPerStep = performance.now() - t0;
    const targetMs = weights.form === 'target' ? weights.targetMs : null;
    const base = {
      step: stepNo,
      epoch,
      phase,
      loss: out.loss,
      ce: out.ce,
      accuracy: out.accuracy,
      expectedLatencyMs: out.latencyMs,
      argmaxLatencyMs: tableLatencyMs(this._table, argmax),
      tau,
      alpha: weights.alpha,
      beta: weights.beta,
      targetMs,
      msPerStep,
    };
    const stepEvent: StepEvent = { type: 'step', totalSteps: this.totalSteps, probabilities: probs, ...base };
    this.history.push({ ...base, wLr: phase === 'w' ? lr : this.wLr, thetaLr: this.thetaLr });
    const events: SearchEvent[] = [stepEvent];
    const harm = this.watch.stepped(out.loss, out.ce);
    if (harm) {
      const message = describeHarm(harm, this.configured(harm.control.key));
      events.push({ type: 'harm', step: stepNo, control: harm.control, message, lossBefore: harm.lossBefore, lossAfter: harm.lossAfter });
    }
    if (closedEpoch) {
      const ev: EpochEvent = { type: 'epoch', epoch, step: stepNo, validationAccuracy: await this.validate(tau), tau };
      this.epochLog.push(ev);
      events.push(ev);
    }
    if (this.schedule.done) {
      this.status = 'done';
      events.push({ type: 'done', step: stepNo, stopped: false, result: await this.result() });
    }
    return events;
  }

  /**
   * Accuracy on the test split with BN running averages: the noise-free mixture softmax(θ/τ)
   * in mixture mode, the argmax path in sampled mode. The last partial batch is zero-padded so
   * every batch has the training shape.
   */
  private async validate(tau: number): Promise<number> {
    const net = this.net;
    const path = this.config.mode === 'sampled' ? argmaxPerLayer(toMatrix(this.thetaHost, net.numLayers, NUM_BLOCKS)) : null;
    return splitAccuracy(this.dataset, this.dataset.test, this.config.batchSize, (x) => validationLogits(net, x, tau, path));
  }

  /** Ends the search between steps; `result()` then reports it as stopped. */
  stop(): void {
    this.status = 'done';
  }

  /** A control's value before any live change: the config's (τ: null, its schedule). */
  private configured(key: ControlKey): number | null {
    if (key === 'tau') return null;
    if (key === 'targetMs') return this.targetMs;
    return this.config[key];
  }

  setControl(key: ControlKey, value: number | null): ControlEvent {
    checkControl(key, value);
    const previous = this.controls[key] ?? null;
    if (value === null) delete this.controls[key];
    else this.controls[key] = value;
    const ev: ControlEvent = { type: 'control', step: this.stepIndex + 1, key, value, previous };
    this.controlLog.push(ev);
    this.watch.changed(ev);
    return ev;
  }

  setTable(table: LatencyTable): void {
    checkTable(table, this.mask);
    const dense = denseTable(table);
    const lut = tf.tensor2d(dense);
    this.lut.dispose();
    this.lut = lut;
    this._table = table;
    this.targetMs = resolveTargetMs(this.config.targetMs, dense, this.mask, table.fixedMs);
  }

  async probabilities(): Promise<number[][]> {
    const p = probabilities(this.net.theta, this.net.bias);
    try {
      return toMatrix(await p.data(), this.net.numLayers, NUM_BLOCKS);
    } finally {
      p.dispose();
    }
  }

  async result(): Promise<SearchResultJson> {
    return buildSearchResult({
      space: this.space,
      config: this.config,
      table: this._table,
      probabilities: await this.probabilities(),
      history: this.history,
      controls: this.controlLog,
      epochs: this.epochLog,
      steps: this.stepIndex,
      totalSteps: this.totalSteps,
      stopped: this.stepIndex < this.totalSteps,
    });
  }

  dispose(): void {
    this.net.dispose();
    this.wOpt.dispose();
    this.thetaOpt.dispose();
    this.lut.dispose();
    this.status = 'done';
  }
}
