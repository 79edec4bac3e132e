/** Ranks 1..n with ties given their average rank (phones report whole milliseconds, so ties are common). */
export function ranks(xs: number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]] === xs[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

export function pearson(a: number[], b: number[]): number {
  const n = a.length;
  if (n !== b.length) throw new Error(`pearson: lengths differ (${n} vs ${b.length})`);
  if (n < 2) return NaN;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}

/** Spearman's ρ: Pearson correlation of the (tie-averaged) ranks. */
export function spearman(a: number[], b: number[]): number {
  return pearson(ranks(a), ranks(b));
}

/** Mean absolute percentage error of `predicted` against `measured`, in percent; zero measurements are skipped. */
export function mape(predicted: number[], measured: number[]): number {
  let s = 0;
  let n = 0;
  measured.forEach((m, i) => {
    if (m === 0) return;
    s += Math.abs(predicted[i] - m) / Math.abs(m);
    n++;
  });
  return n ? (100 * s) / n : NaN;
}
