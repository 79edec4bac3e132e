/** The arithmetic of the step charts (axes, ticks, paths), kept free of React so it can be tested. */

const clean = (v: number) => +v.toPrecision(12);

/** 1, 2, 2.5 or 5 × a power of ten: the tick spacing a reader expects for `span` over about `count` gaps. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10) * mag;
}

export interface Axis {
  domain: [number, number];
  ticks: number[];
}

/** A value axis: the data range rounded out to whole ticks, about `count` of them. */
export function valueAxis(min: number, max: number, count = 5): Axis {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    [min, max] = [min - pad, max + pad];
  }
  const step = niceStep(max - min, count - 1);
  const lo = clean(Math.floor(min / step) * step);
  const hi = clean(Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step * 1e-9; i++) ticks.push(clean(lo + i * step));
  return { domain: [lo, hi], ticks };
}

/** A fixed value axis (accuracy's [0, 1]): evenly spaced ticks, ends included. */
export function fixedAxis(lo: number, hi: number, count = 5): Axis {
  return { domain: [lo, hi], ticks: Array.from({ length: count }, (_, i) => clean(lo + ((hi - lo) * i) / (count - 1))) };
}

/** The step axis: exactly the steps drawn (no padding), whole-step ticks inside them, both ends labelled. */
export function stepAxis(first: number, last: number, count = 5): Axis {
  if (!Number.isFinite(first) || !Number.isFinite(last)) return { domain: [0, 1], ticks: [] };
  if (first === last) return { domain: [first - 1, last + 1], ticks: [first] };
  const step = Math.max(1, Math.ceil(niceStep(last - first, count - 1)));
  // Round ticks in between, none so close to an end that their labels would run together.
  const ticks = [first];
  for (let v = Math.ceil(first / step) * step; v < last; v += step) if (v - first >= 0.6 * step && last - v >= 0.6 * step) ticks.push(v);
  ticks.push(last);
  return { domain: [first, last], ticks };
}

export const scale = ([d0, d1]: [number, number], [r0, r1]: [number, number]) => {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v: number) => r0 + (v - d0) * k;
};

/**
 * An SVG path through the points; a missing value breaks the line unless `connectNulls` (a sparse
 * series, one value per epoch, is joined across the steps between).
 */
export function linePath(xs: readonly number[], ys: readonly (number | null)[], connectNulls = false): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (y == null || !Number.isFinite(y)) {
      if (!connectNulls) pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${xs[i].toFixed(1)},${y.toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** Index of the row nearest `step` in rows sorted by step (-1 when empty). */
export function nearestIndex(steps: readonly number[], step: number): number {
  if (!steps.length) return -1;
  let lo = 0;
  let hi = steps.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] <= step) lo = mid;
    else hi = mid;
  }
  return Math.abs(steps[hi] - step) < Math.abs(steps[lo] - step) ? hi : lo;
}

/**
 * A log₁₀ axis over the positive values, in exponents: whole decades as ticks (every other one past
 * six decades), so a loss that moves 100× reads as two steps rather than a cliff.
 */
export function logAxis(minPositive: number, maxPositive: number): Axis {
  if (!(minPositive > 0) || !(maxPositive > 0)) return { domain: [0, 1], ticks: [0, 1] };
  const lo = Math.floor(Math.log10(minPositive));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(maxPositive)));
  const every = hi - lo > 6 ? 2 : 1;
  const ticks: number[] = [];
  for (let t = lo; t <= hi; t += every) ticks.push(t);
  return { domain: [lo, hi], ticks };
}

/**
 * Rows for labels that end at x (drawn leftwards, `widths` wide) so that none overlaps another in its
 * row: each takes the first row whose previous label ends left of its start; when all `rows` rows
 * are taken, the one whose last label ends furthest left.
 */
export function stackLabels(xs: readonly number[], widths: readonly number[], rows = 4, gap = 2): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const ends: number[] = [];
  const out = new Array<number>(xs.length).fill(0);
  for (const i of order) {
    const start = xs[i] - widths[i];
    let row = ends.findIndex((end) => end + gap <= start);
    if (row < 0) row = ends.length < rows ? ends.length : ends.indexOf(Math.min(...ends));
    ends[row] = xs[i];
    out[i] = row;
  }
  return out;
}
