/**
 * Bounded history. A long search makes tens of thousands of steps; the store keeps every scalar row
 * but thins the per-step distribution snapshots, and charts draw a downsampled view.
 */
export const MAX_SNAPSHOTS = 1500;

export interface Snapshot {
  step: number;
  probabilities: number[][];
}

/** Appends, and when over the cap drops every other old snapshot (the newest is always kept). */
export function pushSnapshot(list: Snapshot[], snap: Snapshot, cap = MAX_SNAPSHOTS): Snapshot[] {
  const next = [...list, snap];
  if (next.length <= cap) return next;
  const thinned = next.filter((_, i) => i % 2 === 0 || i === next.length - 1);
  return thinned;
}

/** At most `max` rows, evenly spaced, always including the last one. */
export function downsample<T>(rows: readonly T[], max = 400): T[] {
  if (rows.length <= max) return rows as T[];
  const stride = rows.length / max;
  const out: T[] = [];
  for (let i = 0; i < max - 1; i++) out.push(rows[Math.floor(i * stride)]);
  out.push(rows[rows.length - 1]);
  return out;
}
