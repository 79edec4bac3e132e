/**
 * Which batch, phase, τ and learning rate each step of a search gets (docs/method.md §4). Pure:
 * no tensors, every random number from the data Rng, and the whole cursor is serialisable, so a
 * checkpoint continues the same sequence of batches.
 *
 * - 'epoch' (the paper): warm-up epochs train w only; every later epoch trains w on the w split,
 *   then θ on the held-out split.
 * - 'interleaved': every epoch passes over the w split; after warm-up a θ step on the next held-out
 *   batch follows every `thetaEvery` w-steps, so θ learns all along instead of in bursts.
 */
import type { Phase } from './events';
import type { Rng } from '../rng';
import type { SearchConfig } from '../schemas';

export interface Cursor {
  step: number;
  wStepsDone: number;
  epoch: number;
  /** The phase of the next step. */
  phase: Phase;
  /** The epoch schedule: batch within the phase; interleaved: w batch within the epoch. */
  batchInPhase: number;
  /** The shuffled order of the pool the current phase draws from (the w split when interleaved). */
  order: number[];
  /** Interleaved only: the held-out split's order, cycled across epochs, and the next batch in it. */
  thetaOrder?: number[];
  thetaBatch?: number;
  /** Interleaved only: w-steps since the last θ step. */
  sinceTheta?: number;
}

export interface PlannedStep {
  phase: Phase;
  epoch: number;
  indices: number[];
}

type ScheduleConfig = Pick<
  SearchConfig,
  'batchSize' | 'epochs' | 'warmupEpochs' | 'wSplit' | 'schedule' | 'thetaEvery' | 'tau0' | 'tauDecay' | 'tauSchedule' | 'wLr'
>;

export class Schedule {
  readonly wStepsPerEpoch: number;
  /** θ steps in each epoch after warm-up. */
  readonly thetaStepsPerEpoch: number;
  readonly totalSteps: number;
  readonly totalWSteps: number;
  private readonly thetaStepsPerPass: number;
  readonly wIdx: number[];
  readonly thetaIdx: number[];
  cursor: Cursor;

  constructor(
    private readonly config: ScheduleConfig,
    trainN: number,
    private readonly rng: Rng,
  ) {
    const B = config.batchSize;
    const nW = Math.floor(trainN * config.wSplit);
    this.wStepsPerEpoch = Math.floor(nW / B);
    this.thetaStepsPerPass = Math.floor((trainN - nW) / B);
    if (this.wStepsPerEpoch < 1 || this.thetaStepsPerPass < 1) {
      throw new Error(
        `${trainN} training samples split ${Math.round(config.wSplit * 100)}/${Math.round((1 - config.wSplit) * 100)} give less than one batch of ${B} for ${this.wStepsPerEpoch < 1 ? 'w' : 'θ'}: use more samples or a smaller batch`,
      );
    }
    const interleaved = config.schedule === 'interleaved';
    if (interleaved && this.wStepsPerEpoch < config.thetaEvery) {
      throw new Error(
        `a θ step every ${config.thetaEvery} w-steps needs at least that many w-steps per epoch; an epoch has ${this.wStepsPerEpoch}: lower thetaEvery or use more samples`,
      );
    }
    this.thetaStepsPerEpoch = interleaved ? Math.floor(this.wStepsPerEpoch / config.thetaEvery) : this.thetaStepsPerPass;
    this.totalWSteps = config.epochs * this.wStepsPerEpoch;
    this.totalSteps = this.totalWSteps + (config.epochs - config.warmupEpochs) * this.thetaStepsPerEpoch;
    // A fixed w/θ partition, as in the paper: θ is always judged on data w never trained on.
    const all = rng.shuffle(Array.from({ length: trainN }, (_, i) => i));
    this.wIdx = all.slice(0, nW);
    this.thetaIdx = all.slice(nW);
    this.cursor = { step: 0, wStepsDone: 0, epoch: 0, phase: 'w', batchInPhase: 0, order: this.shuffled(this.wIdx) };
    if (interleaved) Object.assign(this.cursor, { thetaOrder: this.shuffled(this.thetaIdx), thetaBatch: 0, sinceTheta: 0 });
  }

  private shuffled(pool: number[]): number[] {
    return this.rng.shuffle([...pool]);
  }

  get done(): boolean {
    return this.cursor.step >= this.totalSteps;
  }

  /** The batch, phase and epoch of the next step. */
  next(): PlannedStep {
    const c = this.cursor;
    const B = this.config.batchSize;
    const fromTheta = c.phase === 'theta' && c.thetaOrder;
    const [order, batch] = fromTheta ? [c.thetaOrder!, c.thetaBatch!] : [c.order, c.batchInPhase];
    return { phase: c.phase, epoch: c.epoch, indices: order.slice(batch * B, (batch + 1) * B) };
  }

  /** Moves the cursor past the step just taken; true when that step closed an epoch. */
  advance(): boolean {
    const c = this.cursor;
    const wasW = c.phase === 'w';
    c.step++;
    if (wasW) c.wStepsDone++;
    return this.config.schedule === 'interleaved' ? this.advanceInterleaved(wasW) : this.advanceEpochwise(wasW);
  }

  private advanceEpochwise(wasW: boolean): boolean {
    const c = this.cursor;
    c.batchInPhase++;
    if (wasW) {
      if (c.batchInPhase < this.wStepsPerEpoch) return false;
      if (c.epoch >= this.config.warmupEpochs) {
        c.phase = 'theta';
        c.batchInPhase = 0;
        c.order = this.shuffled(this.thetaIdx);
        return false;
      }
    } else if (c.batchInPhase < this.thetaStepsPerPass) {
      return false;
    }
    return this.closeEpoch();
  }

  private advanceInterleaved(wasW: boolean): boolean {
    const c = this.cursor;
    if (wasW) {
      c.batchInPhase++;
      c.sinceTheta = (c.sinceTheta ?? 0) + 1;
      if (c.epoch >= this.config.warmupEpochs && c.sinceTheta >= this.config.thetaEvery) {
        c.phase = 'theta';
        return false;
      }
    } else {
      c.sinceTheta = 0;
      c.phase = 'w';
      c.thetaBatch = (c.thetaBatch ?? 0) + 1;
      if (c.thetaBatch >= this.thetaStepsPerPass) {
        c.thetaOrder = this.shuffled(this.thetaIdx);
        c.thetaBatch = 0;
      }
    }
    return c.batchInPhase >= this.wStepsPerEpoch ? this.closeEpoch() : false;
  }

  private closeEpoch(): true {
    const c = this.cursor;
    c.epoch++;
    c.phase = 'w';
    c.batchInPhase = 0;
    if (c.sinceTheta !== undefined) c.sinceTheta = 0;
    if (c.epoch < this.config.epochs) c.order = this.shuffled(this.wIdx);
    return true;
  }

  /** Steps in epoch e, and the step count before it. */
  stepsIn(e: number): number {
    return this.wStepsPerEpoch + (e >= this.config.warmupEpochs ? this.thetaStepsPerEpoch : 0);
  }
  private stepsBefore(e: number): number {
    return e * this.wStepsPerEpoch + Math.max(0, e - this.config.warmupEpochs) * this.thetaStepsPerEpoch;
  }

  /** Epochs elapsed before the next step: whole epochs, or with the fraction of this one when τ anneals per step. */
  get epochsElapsed(): number {
    const c = this.cursor;
    if (this.config.tauSchedule !== 'step' || c.epoch >= this.config.epochs) return c.epoch;
    return c.epoch + (c.step - this.stepsBefore(c.epoch)) / this.stepsIn(c.epoch);
  }

  /** τ₀·decay^epochs for the next step. */
  get tau(): number {
    return this.config.tau0 * Math.pow(this.config.tauDecay, this.epochsElapsed);
  }

  /** Cosine decay of the w learning rate over all w steps, from `peak`. */
  wLr(peak: number): number {
    return peak * 0.5 * (1 + Math.cos((Math.PI * this.cursor.wStepsDone) / this.totalWSteps));
  }

  /** Checks a checkpoint's cursor against this schedule, then takes it. */
  restore(p: Cursor, trainN: number): void {
    if (p.step > this.totalSteps) throw new Error(`checkpoint: step ${p.step} is past the end (${this.totalSteps} steps)`);
    const running = p.step < this.totalSteps;
    const interleaved = this.config.schedule === 'interleaved';
    const wPhase = p.phase === 'w' || interleaved;
    const phaseLen = wPhase ? this.wStepsPerEpoch : this.thetaStepsPerPass;
    const phaseName = wPhase ? 'w' : 'theta';
    if (p.batchInPhase >= phaseLen && running)
      throw new Error(`checkpoint: batch ${p.batchInPhase} of a ${phaseLen}-batch ${phaseName} phase`);
    const pool = wPhase ? this.wIdx : this.thetaIdx;
    const bad = (o: number[]) => o.some((i) => i >= trainN);
    if (running && (p.order.length !== pool.length || bad(p.order))) {
      throw new Error(`checkpoint: position.order has ${p.order.length} indices, the ${phaseName} phase uses ${pool.length}`);
    }
    if (interleaved && running) {
      const t = p.thetaOrder;
      if (!t || t.length !== this.thetaIdx.length || bad(t) || p.thetaBatch === undefined || p.thetaBatch >= this.thetaStepsPerPass) {
        throw new Error(
          'checkpoint: an interleaved search needs position.thetaOrder, thetaBatch and sinceTheta that fit its held-out split',
        );
      }
    }
    this.cursor = { ...p, order: [...p.order], ...(p.thetaOrder ? { thetaOrder: [...p.thetaOrder] } : {}) };
  }
}
