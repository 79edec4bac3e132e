/** What one layer's bar shows, and a key that changes only when the drawn bar would. */
export interface DistributionRow {
  layer: number;
  /** `L<n>  <argmax block>`, the axis label. */
  label: string;
  argmax: number;
  /** Per block, percent of the bar, rounded to 0.1 (a change below that is not visible). */
  widths: number[];
  /** Every block's probability, for the hover text. */
  title: string;
  key: string;
}

export function argmaxOf(p: readonly number[]): number {
  return p.reduce((best, v, i) => (v > p[best] ? i : best), 0);
}

export function distributionRow(layer: number, p: readonly number[], names: readonly string[]): DistributionRow {
  const argmax = argmaxOf(p);
  const label = `L${layer + 1}  ${names[argmax]}`;
  const widths = p.map((v) => Math.round(v * 1000) / 10);
  const title = `${label}: ${p.map((v, i) => `${names[i]} ${(v * 100).toFixed(1)}%`).join(', ')}`;
  return { layer, label, argmax, widths, title, key: `${argmax}|${widths.join(',')}` };
}
