/**
 * Bounded history. A long search makes tens of thousands of steps; the store keeps every scalar row
 * but thins the per-step distribution snapshots; charts draw a downsampled view (downsample.ts).
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
