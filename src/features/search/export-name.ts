/** Two exports of one run, or of two runs, never share a name: preset, seed, step and the time (UTC). */
export function resultFileName(presetId: string, seed: unknown, step: number, at: Date): string {
  const time = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `fbnet-${presetId}-seed${String(seed ?? '')}-step${step}-${time}.json`;
}
