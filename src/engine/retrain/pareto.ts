export interface ParetoPoint {
  latencyMs: number;
  accuracy: number;
}

/** a dominates b: no slower, no less accurate, and strictly better in one of the two. */
export function dominates(a: ParetoPoint, b: ParetoPoint): boolean {
  return a.latencyMs <= b.latencyMs && a.accuracy >= b.accuracy && (a.latencyMs < b.latencyMs || a.accuracy > b.accuracy);
}

/** Indices of the non-dominated points, fastest first; non-finite points never make the front. */
export function paretoFront(points: ParetoPoint[]): number[] {
  const ok = (p: ParetoPoint) => Number.isFinite(p.latencyMs) && Number.isFinite(p.accuracy);
  return points
    .map((_p, i) => i)
    .filter((i) => ok(points[i]) && !points.some((q, j) => j !== i && ok(q) && dominates(q, points[i])))
    .sort((i, j) => points[i].latencyMs - points[j].latencyMs || points[j].accuracy - points[i].accuracy || i - j);
}
