/**
 * Live controls: checking a value against the one set of limits (schemas.ts LIMITS), and watching
 * the loss after a change so that a change that wrecks the run is named and can be undone.
 */
import type { ControlEvent, ControlKey } from './events';
import { LIMITS } from '../schemas';

export const CONTROL_NAMES: Record<ControlKey, string> = {
  alpha: 'α',
  beta: 'β',
  tau: 'τ',
  wLr: 'the weight learning rate',
  thetaLr: 'the θ learning rate',
  targetMs: 'the target latency',
};

export const CONTROL_KEYS = Object.keys(CONTROL_NAMES) as ControlKey[];

/** Throws a message naming the control and the bound when `value` is not allowed. */
export function checkControl(key: ControlKey, value: number | null): void {
  const what = CONTROL_NAMES[key];
  if (!what) throw new Error(`unknown control "${String(key)}" (expected ${CONTROL_KEYS.join(', ')})`);
  const range = LIMITS[key === 'tau' ? 'tau' : key];
  if (value === null) {
    if (key !== 'tau') throw new Error(`${what} cannot be reset to a schedule; give a value`);
    return;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${what} must be a finite number, got ${String(value)}`);
  if (value > range.max || value < range.min || (!range.minInclusive && value === range.min)) {
    throw new Error(`${what} must be ${range.minInclusive ? '≥' : '>'} ${range.min} and ≤ ${range.max}, got ${value}`);
  }
}

/** How many steps after a change are watched, and the rise of the loss that counts as harm. */
export const WATCH_STEPS = 5;
export const HARM_RATIO = 10;
const BASELINE_STEPS = 5;

export interface ControlHarm {
  control: ControlEvent;
  lossBefore: number;
  lossAfter: number;
  ceBefore: number;
  ceAfter: number;
}

/**
 * Remembers recent losses; after a control change, compares each of the next WATCH_STEPS steps
 * with the median of the steps before the change and reports the first that is HARM_RATIO× higher.
 */
export class ControlWatch {
  private recent: { loss: number; ce: number }[] = [];
  private watching: { control: ControlEvent; loss: number; ce: number; left: number } | null = null;

  changed(control: ControlEvent): void {
    if (this.recent.length === 0) return;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    this.watching = { control, loss: median(this.recent.map((r) => r.loss)), ce: median(this.recent.map((r) => r.ce)), left: WATCH_STEPS };
  }

  /** Records a step; returns the harm done by the last change when this step shows it. */
  stepped(loss: number, ce: number): ControlHarm | null {
    let harm: ControlHarm | null = null;
    const w = this.watching;
    if (w) {
      const ratio = Math.max(loss / Math.max(w.loss, 1e-9), ce / Math.max(w.ce, 1e-9));
      if (ratio > HARM_RATIO) {
        harm = { control: w.control, lossBefore: w.loss, lossAfter: loss, ceBefore: w.ce, ceAfter: ce };
        this.watching = null;
      } else if (--w.left <= 0) {
        this.watching = null;
      }
    }
    this.recent.push({ loss, ce });
    if (this.recent.length > BASELINE_STEPS) this.recent.shift();
    return harm;
  }
}

/**
 * The studio's and the CLI's words for a harmful change. `configured` is the value in force before
 * any live change (the config's; null for τ, whose default is its schedule).
 */
export function describeHarm(h: ControlHarm, configured: number | null): string {
  const c = h.control;
  const name = CONTROL_NAMES[c.key];
  const before = c.previous ?? configured;
  const from = before === null ? 'its schedule' : String(+before.toPrecision(4));
  const to = c.value === null ? 'its schedule' : String(c.value);
  const ce = h.ceAfter / Math.max(h.ceBefore, 1e-9);
  const loss = h.lossAfter / Math.max(h.lossBefore, 1e-9);
  return `Changing ${name} from ${from} to ${to} at step ${c.step} raised the loss ${loss.toFixed(loss < 100 ? 1 : 0)}× (cross-entropy ${ce.toFixed(1)}×) within ${WATCH_STEPS} steps.`;
}

export interface SliderRange {
  min: number;
  max: number;
  step: number;
}

/**
 * The studio's slider ranges for the live controls, inside LIMITS and chosen by measurement
 * (`npm run control-stress`): no value in range makes the cross-entropy explode.
 */
export const SLIDERS: Record<'tau' | 'alpha' | 'beta', SliderRange> = {
  tau: { min: 0.1, max: 10, step: 0.05 },
  alpha: { min: 0.01, max: 2, step: 0.01 },
  beta: { min: 0, max: 2, step: 0.01 },
};

/** The target latency's slider: from the cheapest to the slowest network the table allows. */
export function targetSlider(lut: number[][], mask: boolean[][], fixedMs: number): SliderRange {
  const pick = (f: (a: number, b: number) => number) =>
    mask.reduce(
      (sum, row, l) => sum + row.reduce((best, ok, b) => (ok ? f(best, lut[l][b]) : best), f === Math.min ? Infinity : -Infinity),
      fixedMs,
    );
  const min = pick(Math.min);
  const max = pick(Math.max);
  return {
    min: Math.floor(min * 10) / 10,
    max: Math.ceil(max * 10) / 10,
    step: Math.max(0.01, Math.round(((max - min) / 200) * 100) / 100),
  };
}
