/** The bench's console table: one row per (env, backend, config, mode, phase), with MAC/s. */
interface Row {
  config?: string;
  env?: string;
  backend?: string;
  threads?: number;
  mode?: string;
  phase?: string;
  batch?: number;
  steps?: number;
  msPerStep?: number;
  imagesPerSecond?: number;
  macsPerSecond?: number;
  numTensors?: number;
  numTensorsFirst?: number;
  error?: string;
}

const pad = (s: string, n: number) => s.padEnd(n);

export function printTable(rows: object[]): void {
  for (const o of rows as Row[]) {
    const backend = (o.threads ?? 1) > 1 ? `${o.backend}×${o.threads}` : (o.backend ?? '');
    const id = `${pad(o.env ?? '', 8)} ${pad(backend, 6)} ${pad(o.config ?? '', 7)} ${pad(o.mode ?? '', 7)} ${pad(o.phase ?? '', 5)}`;
    if (o.error) {
      console.log(`${id} ERROR ${o.error.slice(0, 120)}`);
      continue;
    }
    const leak = o.numTensors === o.numTensorsFirst ? '' : ` (tensors ${o.numTensorsFirst}→${o.numTensors})`;
    console.log(
      `${id} batch ${o.batch}  ${o.msPerStep!.toFixed(0).padStart(7)} ms/step  ${o.imagesPerSecond!.toFixed(1).padStart(7)} img/s  ` +
        `${(o.macsPerSecond! / 1e6).toFixed(0).padStart(6)} MMAC/s  n=${o.steps}${leak}`,
    );
  }
}
