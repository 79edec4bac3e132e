/** The target loss form's latency T (docs/method.md §4), computed from the table alone: no tensors, so the page can show it. */

/** Without a configured T, the target is this share of E[LAT] under the uniform P_θ. */
export const DEFAULT_TARGET_SHARE = 0.6;

/** E[LAT] in ms when every allowed block of a layer is equally likely. */
export function uniformLatencyMs(lut: number[][], mask: boolean[][], fixedMs: number): number {
  return mask.reduce((sum, row, l) => {
    const allowed = row.flatMap((ok, b) => (ok ? [lut[l][b]] : []));
    return sum + allowed.reduce((a, v) => a + v, 0) / allowed.length;
  }, fixedMs);
}

/** T: the configured one, else DEFAULT_TARGET_SHARE of the uniform E[LAT], to 0.1 ms. */
export function resolveTargetMs(configured: number | undefined, lut: number[][], mask: boolean[][], fixedMs: number): number {
  return configured ?? Math.round(DEFAULT_TARGET_SHARE * uniformLatencyMs(lut, mask, fixedMs) * 10) / 10;
}
