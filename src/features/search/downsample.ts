/**
 * The chart view of a long series: at most `max` points, on a grid of every 2^k-th row so that the
 * points drawn stay the same from one step to the next (an even stride over a growing series would
 * move every point, and the line would shimmer). The first and last rows and every pinned step
 * (where a control changed, where an epoch ended) are always kept exactly, with the row before each
 * pinned step so a change shows as a jump at its own step rather than a slope.
 */
export function downsampleSteps<T extends { step: number }>(rows: readonly T[], max: number, pinned: readonly number[] = []): T[] {
  const n = rows.length;
  if (n <= max) return rows as T[];
  const keep = new Set<number>([0, n - 1]);
  for (const step of pinned) {
    const i = indexOfStep(rows, step);
    if (i < 0) continue;
    keep.add(i);
    if (i > 0) keep.add(i - 1);
  }
  const budget = Math.max(1, max - keep.size);
  let stride = 1;
  while (Math.floor((n - 1) / stride) + 1 > budget) stride *= 2;
  for (let i = 0; i < n; i += stride) keep.add(i);
  return [...keep].sort((a, b) => a - b).map((i) => rows[i]);
}

/** Rows are in step order: binary search; -1 when no row has that step. */
function indexOfStep<T extends { step: number }>(rows: readonly T[], step: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = rows[mid].step;
    if (s === step) return mid;
    if (s < step) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
