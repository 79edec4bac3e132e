/**
 * The FBNet search loop (FBNET.md §4): warm-up epochs train w only; every later epoch trains w on
 * wSplit of the training data, then θ on the rest. One optimiser step per `step()`, one batched
 * readback per step, every random number from seeded Rng streams.
 */
import { tf } from './tf';
import { makeBatch, splitAccuracy } from './batch';
import { BLOCK_NAMES, NUM_BLOCKS } from './blocks';
import type { Dataset } from './dataset';
import type { ControlEvent, ControlKey, EpochEvent, Phase, SearchEvent, StepEvent } from './events';
import { denseTable, tableLatencyMs, type LatencyTable } from './latency';
import { expectedLatencyMs, searchLoss } from './loss';
import { Supernet } from './nn/supernet';
import { withoutWeightGrads } from './nn/ops';
import { applyBatchNormUpdates, disposeBatchNormUpdates, mergeBatchNormUpdates, ParamStore, type BatchNormUpdate } from './nn/params';
import { checkpointSchema, CHECKPOINT_FORMAT, decodeFloats, encodeFloats, type Checkpoint, type TensorJson } from './checkpoint';
import { Adam, MomentumSgd, type Grads } from './optim';
import { buildSearchResult, type HistoryEntry } from './result';
import { Rng } from './rng';
import { argmaxPerLayer, gumbelNoise, gumbelSoftmax, hardSample, probabilities, straightThrough, toMatrix } from './sampling';
import { parseOrThrow, searchConfigSchema, type SearchConfig, type SearchResultJson } from './schemas';
import { allowedMask, LAYOUTS, makeSpace, numLayers, type LayoutName, type Space } from './space';

/** Rng streams derived from config.seed; each consumer has its own so changing one leaves the rest. */
const STREAM = { init: 0, data: 1, gumbel: 2 } as const;

/**
 * The searched space: a layout (scaled by widthMultiplier) or an explicit space object (taken
 * as given: its channels are already chosen, so widthMultiplier does not apply), then the
 * inputSize/headChannels/allowedBlocks overrides; input channels and classes come from the data,
 * and the input size from the data when the config does not set one.
 */
export function resolveSpace(config: SearchConfig, data: { channels: number; numClasses: number; size?: number }): Space {
  const base = config.space;
  const isLayout = typeof base === 'string';
  if (isLayout && !(base in LAYOUTS)) throw new Error(`unknown layout "${base}" (expected ${Object.keys(LAYOUTS).join(' or ')})`);
  return makeSpace(isLayout ? (base as LayoutName) : (base as Space), {
    widthMultiplier: isLayout ? config.widthMultiplier : undefined,
    inputSize: config.inputSize ?? data.size,
    headChannels: config.headChannels,
    allowedBlocks: config.allowedBlocks,
    inputChannels: data.channels,
    numClasses: data.numClasses,
  });
}

const CONTROL_RANGES: Record<ControlKey, { min: number; max: number; minInclusive: boolean; what: string }> = {
  alpha: { min: 0, max: 1000, minInclusive: false, what: 'α' },
  beta: { min: 0, max: 10, minInclusive: true, what: 'β' },
  tau: { min: 0, max: 100, minInclusive: false, what: 'τ' },
  wLr: { min: 0, max: 10, minInclusive: false, what: 'the weight learning rate' },
  thetaLr: { min: 0, max: 10, minInclusive: false, what: 'the θ learning rate' },
};

function checkTable(table: LatencyTable, mask: boolean[][]): void {
  if (table.layers.length !== mask.length) {
    throw new Error(`latency table "${table.name}" has ${table.layers.length} layers, the space has ${mask.length}`);
  }
  if (!Number.isFinite(table.fixedMs)) throw new Error(`latency table "${table.name}": fixedMs is not a number`);
  mask.forEach((row, l) =>
    row.forEach((ok, b) => {
      const v = table.layers[l]?.[b];
      if (ok && (v == null || !Number.isFinite(v) || v < 0)) {
        throw new Error(`latency table "${table.name}" has no valid entry for layer ${l + 1}, block ${BLOCK_NAMES[b]}, which the space allows (measure it or disallow the block there)`);
      }
    }),
  );
}

type Status = 'ready' | 'running' | 'paused' | 'done';

export class Search {
  readonly totalSteps: number;
  private readonly net: Supernet;
  private readonly store: ParamStore;
  private readonly wOpt: MomentumSgd;
  private readonly thetaOpt: Adam;
  private readonly mask: boolean[][];
  private readonly microBatch: number;
  private readonly dataRng: Rng;
  private readonly gumbelRng: Rng;
  private readonly wIdx: number[];
  private readonly thetaIdx: number[];
  private readonly wStepsPerEpoch: number;
  private readonly thetaStepsPerEpoch: number;
  private readonly totalWSteps: number;
  private table: LatencyTable;
  private lut: tf.Tensor2D;
  private thetaHost: Float32Array;

  private _status: Status = 'ready';
  private _step = 0;
  private wStepsDone = 0;
  private epoch = 0;
  private phase: Phase = 'w';
  private batchInPhase = 0;
  private order: number[] = [];
  private busy = false;
  private pauseRequested = false;
  private stopRequested = false;
  private pendingDone = false;
  private readonly controls: Partial<Record<ControlKey, number>> = {};
  private readonly history: HistoryEntry[] = [];
  private readonly controlLog: ControlEvent[] = [];
  private readonly epochLog: EpochEvent[] = [];

  static async create(opts: { config: SearchConfig; dataset: Dataset; table: LatencyTable; space?: Space }): Promise<Search> {
    await tf.ready();
    const config = parseOrThrow(searchConfigSchema, opts.config, 'search config');
    const space = opts.space ?? resolveSpace(config, opts.dataset);
    return new Search(config, opts.dataset, opts.table, space);
  }

  private constructor(readonly config: SearchConfig, private readonly dataset: Dataset, table: LatencyTable, readonly space: Space) {
    const d = dataset;
    if (d.size !== space.inputSize || d.channels !== space.inputChannels) {
      throw new Error(`dataset "${d.name}" is ${d.size}×${d.size}×${d.channels}, the space expects ${space.inputSize}×${space.inputSize}×${space.inputChannels}`);
    }
    if (d.numClasses !== space.numClasses) throw new Error(`dataset "${d.name}" has ${d.numClasses} classes, the space ${space.numClasses}`);
    this.mask = allowedMask(space);
    checkTable(table, this.mask);
    const B = config.batchSize;
    this.microBatch = config.microBatch ?? B;
    const n = d.train.n;
    const nW = Math.floor(n * config.wSplit);
    this.wStepsPerEpoch = Math.floor(nW / B);
    this.thetaStepsPerEpoch = Math.floor((n - nW) / B);
    if (this.wStepsPerEpoch < 1 || this.thetaStepsPerEpoch < 1) {
      throw new Error(`${n} training samples split ${Math.round(config.wSplit * 100)}/${Math.round((1 - config.wSplit) * 100)} give less than one batch of ${B} for ${this.wStepsPerEpoch < 1 ? 'w' : 'θ'}: use more samples or a smaller batch`);
    }
    const searchEpochs = config.epochs - config.warmupEpochs;
    this.totalWSteps = config.epochs * this.wStepsPerEpoch;
    this.totalSteps = this.totalWSteps + searchEpochs * this.thetaStepsPerEpoch;

    this.dataRng = Rng.fromSeed(config.seed, STREAM.data);
    this.gumbelRng = Rng.fromSeed(config.seed, STREAM.gumbel);
    // A fixed w/θ partition, as in the paper: θ is always judged on data w never trained on.
    const all = this.dataRng.shuffle(Array.from({ length: n }, (_, i) => i));
    this.wIdx = all.slice(0, nW);
    this.thetaIdx = all.slice(nW);

    const initRng = Rng.fromSeed(config.seed, STREAM.init);
    this.net = new Supernet(space, initRng);
    const store = ParamStore.createdWith(initRng);
    if (!store) throw new Error('the supernet keeps its variables out of reach of checkpoints');
    this.store = store;
    this.wOpt = new MomentumSgd(this.net.weights, config.wMomentum, config.wWeightDecay);
    this.thetaOpt = new Adam([this.net.theta], config.thetaWeightDecay);
    this.table = table;
    this.lut = tf.tensor2d(denseTable(table));
    this.thetaHost = new Float32Array(numLayers(space) * NUM_BLOCKS);
    this.startPhase();
  }

  get status(): Status {
    return this._status;
  }
  get stepIndex(): number {
    return this._step;
  }

  private get alpha(): number {
    return this.controls.alpha ?? this.config.alpha;
  }
  private get beta(): number {
    return this.controls.beta ?? this.config.beta;
  }
  private get tau(): number {
    return this.controls.tau ?? this.config.tau0 * Math.pow(this.config.tauDecay, this.epoch);
  }
  /** Cosine decay over all w steps; a wLr control replaces the peak, the schedule goes on. */
  private get wLr(): number {
    const base = this.controls.wLr ?? this.config.wLr;
    return base * 0.5 * (1 + Math.cos((Math.PI * this.wStepsDone) / this.totalWSteps));
  }
  private get thetaLr(): number {
    return this.controls.thetaLr ?? this.config.thetaLr;
  }

  private startPhase(): void {
    this.order = this.dataRng.shuffle([...(this.phase === 'w' ? this.wIdx : this.thetaIdx)]);
    this.batchInPhase = 0;
  }

  /** Moves the data cursor past the step just taken; true when that step closed an epoch. */
  private advance(): boolean {
    this.batchInPhase++;
    if (this.phase === 'w') {
      if (this.batchInPhase < this.wStepsPerEpoch) return false;
      if (this.epoch >= this.config.warmupEpochs) {
        this.phase = 'theta';
        this.startPhase();
        return false;
      }
    } else if (this.batchInPhase < this.thetaStepsPerEpoch) {
      return false;
    }
    this.epoch++;
    this.phase = 'w';
    if (this.epoch < this.config.epochs) this.startPhase();
    return true;
  }

  async step(): Promise<SearchEvent[]> {
    if (this._status === 'done') throw new Error('the search is done; create a new one to search again');
    if (this.busy) throw new Error('a step is already in progress');
    this.busy = true;
    try {
      return await this.stepInner();
    } finally {
      this.busy = false;
    }
  }

  private async stepInner(): Promise<SearchEvent[]> {
    const t0 = performance.now();
    const { config, net } = this;
    const B = config.batchSize;
    const L = net.numLayers;
    const K = NUM_BLOCKS;
    const phase = this.phase;
    const epoch = this.epoch;
    const [tau, alpha, beta] = [this.tau, this.alpha, this.beta];
    const lr = phase === 'w' ? this.wLr : this.thetaLr;
    const sampled = config.mode === 'sampled';
    // Sampled mode draws ONE path per batch: per-sample paths would run nearly every block again,
    // which is the cost this mode exists to avoid. The path is the argmax of θ + g on the host copy
    // of θ from the last readback (current: θ steps read θ back after their update).
    const noise = gumbelNoise(this.gumbelRng, (sampled ? 1 : B) * L * K);
    const path = sampled ? hardSample(this.thetaHost, noise, this.mask) : null;
    const indices = this.order.slice(this.batchInPhase * B, (this.batchInPhase + 1) * B);
    const vars = phase === 'w' ? net.weights : [net.theta];
    // Micro-batches bound the activation memory of a mixture step (wasm has a 4 GB heap): each
    // chunk normalises with its own batch statistics and the gradients are averaged, exactly as
    // the paper's 8-GPU run did with 24 images per GPU.
    const mb = this.microBatch;
    const chunks = B / mb;
    const chunkUpdates: BatchNormUpdate[][] = [];
    const chunkGrads = (c: number, bnUpdates: BatchNormUpdate[]) => {
      const ctx = { training: true, bnUpdates };
      let stats: tf.Tensor | null = null;
      const grads = tf.tidy(() => {
        const { x, labels } = makeBatch(this.dataset, this.dataset.train, indices.slice(c * mb, (c + 1) * mb));
        const y = tf.oneHot(labels, this.space.numClasses);
        const g = sampled ? tf.tensor(noise, [L, K]) : tf.tensor(noise.subarray(c * mb * L * K, (c + 1) * mb * L * K), [mb, L, K]);
        // θ steps need no weight gradients: the hand-written ones are skipped (see ops.ts).
        const differentiate = phase === 'theta' ? withoutWeightGrads : <T>(f: () => T) => f();
        const { grads: named } = differentiate(() => tf.variableGrads(() => {
          const soft = gumbelSoftmax(net.theta, net.bias, g, tau);
          let m: tf.Tensor;
          let logits: tf.Tensor2D;
          if (path) {
            m = straightThrough(soft as tf.Tensor2D, path);
            logits = net.forwardPath(x, path, m as tf.Tensor2D, ctx);
          } else {
            m = soft;
            logits = net.forward(x, m, ctx);
          }
          const ce = tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
          const lat = tf.mean(expectedLatencyMs(m, this.lut, this.table.fixedMs)) as tf.Scalar;
          const loss = searchLoss(ce, lat, alpha, beta, config.lossForm);
          const acc = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
          stats = tf.keep(tf.stack([loss, ce, acc, lat]));
          // For w the latency factor is a constant, so minimising the loss and CE agree; training w
          // on CE keeps α and β from silently rescaling the SGD step (β = 3 would multiply it ~500×).
          return phase === 'w' ? ce : loss;
        }, vars));
        return vars.map((v) => named[v.name] ?? null) as Grads as tf.Tensor[];
      }) as Grads;
      return { grads, stats: stats as tf.Tensor | null };
    };
    let grads: Grads = vars.map(() => null);
    let stats: tf.Tensor | null = null;
    try {
      for (let c = 0; c < chunks; c++) {
        const updates: BatchNormUpdate[] = [];
        chunkUpdates.push(updates);
        const r = chunkGrads(c, updates);
        grads = grads.map((a, i) => sumInto(a, r.grads[i])) as Grads;
        stats = sumInto(stats, r.stats);
      }
      if (chunks > 1) {
        grads = grads.map((g) => scaleInPlace(g, 1 / chunks)) as Grads;
        stats = scaleInPlace(stats, 1 / chunks);
      }
    } catch (err) {
      // Kept tensors survive the tidy: free them before reporting.
      for (const u of chunkUpdates) disposeBatchNormUpdates(u);
      for (const g of grads) g?.dispose();
      stats?.dispose();
      throw err;
    }
    const bnUpdates = mergeBatchNormUpdates(chunkUpdates);

    // θ steps update before the readback, guarded on the device, so the probabilities read back
    // (and the host θ that sampled mode draws paths from) are those after this step. w steps
    // leave θ alone and are applied after the readback, once the loss is known to be finite.
    const ok = tf.tidy(() => {
      const finite = tf.all(tf.isFinite(stats!));
      return phase === 'theta' ? tf.logicalAnd(finite, tf.all(tf.isFinite(grads[0]!))) : finite;
    });
    if (phase === 'theta') this.thetaOpt.apply(grads, lr, ok);
    const packed = tf.tidy(() =>
      tf.concat([stats!, tf.cast(ok, 'float32').reshape([1]), tf.reshape(probabilities(net.theta, net.bias), [-1]), tf.reshape(net.theta, [-1])]),
    );
    (stats as tf.Tensor | null)?.dispose();
    ok.dispose();
    let host: Float32Array;
    try {
      host = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
    const [loss, ce, accuracy, latMs, okFlag] = host;
    const theta = host.subarray(5 + L * K);
    const finite = okFlag === 1 && theta.every(Number.isFinite);
    if (!finite) {
      if (phase === 'theta') this.thetaOpt.discardLastStep();
      for (const g of grads) g?.dispose();
      disposeBatchNormUpdates(bnUpdates);
      this._status = 'paused';
      const what = !Number.isFinite(loss) ? `the loss became ${loss}` : Number.isFinite(latMs) && Number.isFinite(ce) ? 'the θ gradient became non-finite' : 'the loss terms became non-finite';
      return [
        {
          type: 'paused',
          step: this._step,
          reason: 'diverged',
          message: `${what} at step ${this._step + 1} (epoch ${epoch + 1}, ${phase} phase, τ = ${tau.toPrecision(3)}, lr = ${lr.toPrecision(3)}). The step was not applied. ${tau < 1e-3 ? `τ = ${tau.toPrecision(3)} is too small for float32: raise τ (e.g. to 1) or` : 'Raise τ or'} lower the ${phase === 'w' ? 'weight' : 'θ'} learning rate, then resume.`,
        },
      ];
    }
    if (phase === 'w') {
      this.wOpt.apply(grads, lr);
      this.wStepsDone++;
    }
    for (const g of grads) g?.dispose();
    applyBatchNormUpdates(bnUpdates);
    this.thetaHost = Float32Array.from(theta);

    this._step++;
    const probs = toMatrix(host, L, K, 5);
    const argmax = argmaxPerLayer(probs).map((i) => BLOCK_NAMES[i]);
    const msPerStep = performance.now() - t0;
    const stepEvent: StepEvent = {
      type: 'step',
      step: this._step,
      totalSteps: this.totalSteps,
      epoch,
      phase,
      loss,
      ce,
      accuracy,
      expectedLatencyMs: latMs,
      argmaxLatencyMs: tableLatencyMs(this.table, argmax),
      tau,
      alpha,
      beta,
      probabilities: probs,
      msPerStep,
    };
    this.history.push({
      step: this._step, epoch, phase, loss, ce, accuracy,
      expectedLatencyMs: latMs, argmaxLatencyMs: stepEvent.argmaxLatencyMs, tau, alpha, beta,
      wLr: phase === 'w' ? lr : this.wLr, thetaLr: this.thetaLr, msPerStep,
    });
    const events: SearchEvent[] = [stepEvent];
    if (this.advance()) {
      const ev: EpochEvent = { type: 'epoch', epoch, step: this._step, validationAccuracy: await this.validate(tau), tau };
      this.epochLog.push(ev);
      events.push(ev);
    }
    if (this._step >= this.totalSteps) {
      this._status = 'done';
      events.push({ type: 'done', step: this._step, stopped: false, result: await this.result() });
    }
    return events;
  }

  /**
   * Accuracy on the test split with BN running averages: the noise-free mixture softmax(θ/τ)
   * in mixture mode, the argmax path in sampled mode. The last partial batch is zero-padded so
   * every batch has the training shape.
   */
  private async validate(tau: number): Promise<number> {
    const test = this.dataset.test;
    const B = this.config.batchSize;
    const net = this.net;
    const ctx = { training: false };
    const path = this.config.mode === 'sampled' ? argmaxPerLayer(toMatrix(this.thetaHost, net.numLayers, NUM_BLOCKS)) : null;
    return splitAccuracy(this.dataset, test, B, (x) =>
      path
        ? net.forwardPath(x, path, tf.oneHot(tf.tensor1d(path, 'int32'), NUM_BLOCKS).toFloat() as tf.Tensor2D, ctx)
        : net.forward(x, tf.softmax(tf.add(tf.div(net.theta, tau), net.bias)), ctx),
    );
  }

  async run(onEvent: (e: SearchEvent) => void): Promise<void> {
    if (this._status === 'done') {
      if (this.pendingDone) {
        this.pendingDone = false;
        onEvent({ type: 'done', step: this._step, stopped: true, result: await this.result() });
      }
      return;
    }
    if (this._status === 'running') throw new Error('the search is already running');
    this._status = 'running';
    this.pauseRequested = false;
    while (true) {
      if (this.stopRequested) {
        this._status = 'done';
        onEvent({ type: 'done', step: this._step, stopped: true, result: await this.result() });
        return;
      }
      if (this.pauseRequested) {
        this.pauseRequested = false;
        this._status = 'paused';
        onEvent({ type: 'paused', step: this._step, reason: 'user' });
        return;
      }
      for (const e of await this.step()) onEvent(e);
      if (this._status !== 'running') return;
      // Let pause/stop/setControl messages in between steps.
      await new Promise<void>((r) => setTimeout(r, 0));
    }
  }

  /** Takes effect between steps; the running `run()` emits PausedEvent{reason:'user'}. */
  pause(): void {
    if (this._status === 'running') this.pauseRequested = true;
    else if (this._status === 'ready') this._status = 'paused';
  }

  /**
   * Ends the search. A running `run()` emits DoneEvent{stopped:true} after the current step; when
   * not running, the search is done at once and the next `run()` call delivers that event.
   */
  stop(): void {
    if (this._status === 'done') return;
    if (this._status === 'running') {
      this.stopRequested = true;
    } else {
      this._status = 'done';
      this.pendingDone = true;
    }
  }

  setControl(key: ControlKey, value: number | null): ControlEvent {
    const range = CONTROL_RANGES[key];
    if (!range) throw new Error(`unknown control "${String(key)}" (expected ${Object.keys(CONTROL_RANGES).join(', ')})`);
    if (value === null) {
      if (key !== 'tau') throw new Error(`${range.what} cannot be reset to a schedule; give a value`);
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`${range.what} must be a finite number, got ${String(value)}`);
    } else if (value > range.max || value < range.min || (!range.minInclusive && value === range.min)) {
      throw new Error(`${range.what} must be ${range.minInclusive ? '≥' : '>'} ${range.min} and ≤ ${range.max}, got ${value}`);
    }
    const previous = this.controls[key] ?? null;
    if (value === null) delete this.controls[key];
    else this.controls[key] = value;
    const ev: ControlEvent = { type: 'control', step: this._step + 1, key, value, previous };
    this.controlLog.push(ev);
    return ev;
  }

  setTable(table: LatencyTable): void {
    checkTable(table, this.mask);
    const lut = tf.tensor2d(denseTable(table));
    this.lut.dispose();
    this.lut = lut;
    this.table = table;
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
      table: this.table,
      probabilities: await this.probabilities(),
      history: this.history,
      controls: this.controlLog,
      epochs: this.epochLog,
      steps: this._step,
      totalSteps: this.totalSteps,
      stopped: this._step < this.totalSteps,
    });
  }

  /** A plain, serialisable snapshot between steps; `Search.restore` continues from it exactly. */
  async checkpoint(): Promise<Checkpoint> {
    if (this.busy) throw new Error('a checkpoint is taken between steps, not during one');
    const read = async (v: tf.Variable): Promise<TensorJson> => ({ shape: [...v.shape], data: encodeFloats((await v.data()) as Float32Array) });
    const readAll = (vs: readonly tf.Variable[]) => Promise.all(vs.map(read));
    const d = this.dataset;
    const [m, v] = [this.thetaOpt.slots[0], this.thetaOpt.slots[1]];
    return {
      format: CHECKPOINT_FORMAT,
      savedAt: new Date().toISOString(),
      config: { ...this.config },
      space: this.space,
      table: this.table,
      dataset: { name: d.name, size: d.size, channels: d.channels, numClasses: d.numClasses, trainN: d.train.n, testN: d.test.n },
      position: {
        step: this._step, totalSteps: this.totalSteps, wStepsDone: this.wStepsDone, epoch: this.epoch,
        phase: this.phase, batchInPhase: this.batchInPhase, order: [...this.order],
      },
      rng: { data: this.dataRng.state, gumbel: this.gumbelRng.state },
      theta: await read(this.net.theta),
      variables: await readAll(this.store.all),
      optimizer: { wVelocity: await readAll(this.wOpt.slots), thetaMoments: [await read(m), await read(v)], thetaSteps: this.thetaOpt.steps },
      controls: { ...this.controls },
      history: this.history.map((h) => ({ ...h })),
      controlLog: this.controlLog.map((e) => ({ ...e })),
      epochLog: this.epochLog.map((e) => ({ ...e, validationAccuracy: Number.isNaN(e.validationAccuracy) ? null : e.validationAccuracy })),
    } as Checkpoint;
  }

  /**
   * A paused Search that continues a checkpoint exactly (same data, same backend: same numbers).
   * `table` replaces the checkpoint's latency table when given.
   */
  static async restore(input: unknown, opts: { dataset: Dataset; table?: LatencyTable }): Promise<Search> {
    const cp = parseOrThrow(checkpointSchema, input, 'checkpoint');
    const d = opts.dataset;
    const want = cp.dataset;
    if (d.name !== want.name || d.size !== want.size || d.channels !== want.channels || d.numClasses !== want.numClasses || d.train.n !== want.trainN || d.test.n !== want.testN) {
      throw new Error(`checkpoint: it was taken on "${want.name}" (${want.trainN} train / ${want.testN} test, ${want.size}×${want.size}×${want.channels}, ${want.numClasses} classes), the data given is "${d.name}" (${d.train.n} / ${d.test.n}, ${d.size}×${d.size}×${d.channels}, ${d.numClasses} classes)`);
    }
    const s = await Search.create({ config: cp.config, dataset: d, table: opts.table ?? (cp.table as LatencyTable), space: cp.space });
    try {
      s.load(cp);
    } catch (err) {
      s.dispose();
      throw err;
    }
    return s;
  }

  private load(cp: Checkpoint): void {
    const p = cp.position;
    if (p.totalSteps !== this.totalSteps) throw new Error(`checkpoint: ${p.totalSteps} total steps, this config gives ${this.totalSteps}`);
    if (p.step > this.totalSteps) throw new Error(`checkpoint: step ${p.step} is past the end (${this.totalSteps} steps)`);
    const phaseLen = p.phase === 'w' ? this.wStepsPerEpoch : this.thetaStepsPerEpoch;
    if (p.batchInPhase >= phaseLen && p.step < this.totalSteps) throw new Error(`checkpoint: batch ${p.batchInPhase} of a ${phaseLen}-batch ${p.phase} phase`);
    const pool = p.phase === 'w' ? this.wIdx : this.thetaIdx;
    if (p.step < this.totalSteps && (p.order.length !== pool.length || p.order.some((i) => i >= this.dataset.train.n))) {
      throw new Error(`checkpoint: position.order has ${p.order.length} indices, the ${p.phase} phase uses ${pool.length}`);
    }
    const write = (v: tf.Variable, t: TensorJson, what: string) => {
      if (t.shape.length !== v.shape.length || t.shape.some((n, i) => n !== v.shape[i])) {
        throw new Error(`checkpoint: ${what} has shape [${t.shape}], the network expects [${v.shape}]`);
      }
      const values = decodeFloats(t.data, `checkpoint: ${what}`);
      if (values.length !== v.size) throw new Error(`checkpoint: ${what} holds ${values.length} values, shape [${t.shape}] needs ${v.size}`);
      tf.tidy(() => v.assign(tf.tensor(values, v.shape, 'float32')));
    };
    const writeAll = (vs: readonly tf.Variable[], ts: TensorJson[], what: string) => {
      if (vs.length !== ts.length) throw new Error(`checkpoint: ${ts.length} ${what}, the network has ${vs.length}`);
      vs.forEach((v, i) => write(v, ts[i], `${what}[${i}]`));
    };
    write(this.net.theta, cp.theta, 'theta');
    writeAll(this.store.all, cp.variables, 'variables');
    writeAll(this.wOpt.slots, cp.optimizer.wVelocity, 'optimizer.wVelocity');
    writeAll(this.thetaOpt.slots, cp.optimizer.thetaMoments, 'optimizer.thetaMoments');
    this.thetaOpt.setSteps(cp.optimizer.thetaSteps);
    this.thetaHost = decodeFloats(cp.theta.data, 'checkpoint: theta');
    this.dataRng.state = cp.rng.data >>> 0;
    this.gumbelRng.state = cp.rng.gumbel >>> 0;
    this._step = p.step;
    this.wStepsDone = p.wStepsDone;
    this.epoch = p.epoch;
    this.phase = p.phase;
    this.batchInPhase = p.batchInPhase;
    this.order = [...p.order];
    Object.assign(this.controls, cp.controls);
    this.history.push(...cp.history);
    this.controlLog.push(...cp.controlLog);
    this.epochLog.push(...cp.epochLog.map((e) => ({ ...e, validationAccuracy: e.validationAccuracy ?? Number.NaN })));
    this._status = p.step >= this.totalSteps ? 'done' : 'paused';
  }

  dispose(): void {
    this.net.dispose();
    this.wOpt.dispose();
    this.thetaOpt.dispose();
    this.lut.dispose();
    this._status = 'done';
  }
}

/** acc + t, freeing both inputs (null counts as absent). */
function sumInto(acc: tf.Tensor | null, t: tf.Tensor | null): tf.Tensor | null {
  if (!acc) return t;
  if (!t) return acc;
  const r = tf.add(acc, t);
  acc.dispose();
  t.dispose();
  return r;
}

function scaleInPlace(t: tf.Tensor | null, k: number): tf.Tensor | null {
  if (!t) return t;
  const r = tf.mul(t, k);
  t.dispose();
  return r;
}
