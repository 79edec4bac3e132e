/**
 * Non-negative least squares on the normal equations: minimise ½wᵀAw − bᵀw subject to w ≥ 0,
 * with A symmetric positive semi-definite (n×n, row-major). Cyclic coordinate descent with
 * projection; each step solves one coordinate exactly, so the objective never increases.
 */
export function nnlsNormal(
  A: Float64Array,
  b: Float64Array,
  n: number,
  opts: { init?: Float64Array; maxSweeps?: number; tol?: number } = {},
): Float64Array {
  const w = new Float64Array(n);
  if (opts.init) for (let i = 0; i < n; i++) w[i] = Math.max(0, opts.init[i]);
  // g = A w − b, kept current as coordinates move.
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = -b[i];
    for (let j = 0; j < n; j++) s += A[i * n + j] * w[j];
    g[i] = s;
  }
  const scale = Math.max(1e-300, ...Array.from(b, Math.abs));
  const tol = (opts.tol ?? 1e-10) * scale;
  const maxSweeps = opts.maxSweeps ?? 5000;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let biggest = 0;
    for (let j = 0; j < n; j++) {
      const ajj = A[j * n + j];
      if (ajj <= 0) continue;
      const next = Math.max(0, w[j] - g[j] / ajj);
      const d = next - w[j];
      if (d === 0) continue;
      w[j] = next;
      for (let i = 0; i < n; i++) g[i] += d * A[i * n + j];
      biggest = Math.max(biggest, Math.abs(d * ajj));
    }
    if (biggest < tol) break;
  }
  return w;
}
