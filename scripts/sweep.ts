/**
 * Runs presets × seeds headless, exactly as the studio runs them, and prints one table row per run:
 * E[LAT] under the uniform P_θ → under the final P_θ, layers sharpened (top probability ≥ 0.7),
 * layers whose argmax is `skip`, the last validation accuracy, the time to the first θ step, and
 * the wall time. The wasm backend runs a step on one thread, so on a shared machine the CPU time
 * (also printed) is what the wall time is on an idle one. This is how the presets were designed.
 *
 * npm run sweep -- [--presets cpu-quick,paper] [--seeds 1,2,3] [--set beta=0 --set thetaEvery=2]
 *   [--backend wasm|cpu] [--out runs/sweep.jsonl] [--results <dir>]
 */
import { presetSearch } from './preset-search';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { initBackend } from '../src/engine/runtime/backend';
import { NUM_BLOCKS } from '../src/engine/space/blocks';
import type { StepEvent } from '../src/engine/search/events';
import { denseTable } from '../src/engine/lut/latency';
import { uniformLatencyMs } from '../src/engine/search/target';
import { RunDriver } from '../src/engine/search';
import { allowedMask } from '../src/engine/space/space';
import { backendArg, parseCommand } from '../src/cli/args';

const SHARP = 0.7;
const SKIP = NUM_BLOCKS - 1;

const { values } = parseCommand('sweep', process.argv.slice(2), {
  presets: { type: 'string', default: 'cpu-quick' },
  seeds: { type: 'string', default: '1,2,3' },
  set: { type: 'string', multiple: true, default: [] },
  backend: { type: 'string', default: 'wasm' },
  out: { type: 'string' },
  /** Also write each run's result.json to <dir>/seed-<seed>/ (what `npm run compare -- --reuse --out <dir>` retrains). */
  results: { type: 'string' },
});
const backend = backendArg('sweep', values.backend);
if (!(await initBackend(backend))) throw new Error(`sweep: the ${backend} backend failed to start`);

/** "key=value" overrides; values are JSON where they parse as JSON, else strings. */
function overrides(sets: string[]): Record<string, unknown> {
  return Object.fromEntries(
    sets.map((kv) => {
      const i = kv.indexOf('=');
      if (i < 1) throw new Error(`sweep: --set takes key=value, got "${kv}"`);
      const raw = kv.slice(i + 1);
      let v: unknown = raw;
      try {
        v = JSON.parse(raw);
      } catch {
        /* a plain string */
      }
      return [kv.slice(0, i), v];
    }),
  );
}

export interface SweepRow {
  preset: string;
  seed: number;
  set: Record<string, unknown>;
  steps: number;
  uniformMs: number;
  finalMs: number;
  ratio: number;
  sharpened: number;
  skips: number;
  argmaxMs: number | null;
  validationAccuracy: number;
  firstThetaS: number | null;
  firstThetaCpuS: number | null;
  wallS: number;
  cpuS: number;
}

async function runOne(presetId: string, seed: number, set: Record<string, unknown>): Promise<SweepRow> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const cpuS = () => {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  const { space, table, search } = await presetSearch(presetId, seed, set);
  let firstTheta: number | null = null;
  let firstThetaCpu: number | null = null;
  let lastStep: StepEvent | null = null;
  let validation = Number.NaN;
  try {
    await new RunDriver(search, {
      onEvents: (es) => {
        for (const e of es) {
          if (e.type === 'step' && e.phase === 'theta' && firstTheta === null) {
            firstTheta = (performance.now() - t0) / 1000;
            firstThetaCpu = cpuS();
          }
          if (e.type === 'step') lastStep = e;
          if (e.type === 'epoch') {
            validation = e.validationAccuracy;
            const sharp = lastStep ? lastStep.probabilities.filter((row) => Math.max(...row) >= SHARP).length : 0;
            process.stderr.write(
              `  seed ${seed} epoch ${e.epoch + 1}: E[LAT] ${fmt(lastStep?.expectedLatencyMs ?? null)} ms, ${sharp}/22 sharp, validation ${fmt(e.validationAccuracy * 100, 1)}%, ${fmt(cpuS(), 0)} s CPU\n`,
            );
          }
          if (e.type === 'paused') throw new Error(`paused at step ${e.step}: ${e.message ?? e.reason}`);
        }
      },
    }).run();
    const probs = await search.probabilities();
    const lut = denseTable(table);
    const mask = allowedMask(space);
    const finalMs = probs.reduce((s, row, l) => s + row.reduce((a, p, b) => a + (mask[l][b] ? p * lut[l][b] : 0), 0), table.fixedMs);
    const uniformMs = uniformLatencyMs(lut, mask, table.fixedMs);
    const result = await search.result();
    if (values.results) {
      const dir = join(values.results, `seed-${seed}`);
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(dir, 'result.json'),
        `${JSON.stringify({ ...result, config: { ...result.config, lut: table.name } }, null, 1)}\n`,
      );
    }
    return {
      preset: presetId,
      seed,
      set,
      steps: search.stepIndex,
      uniformMs,
      finalMs,
      ratio: finalMs / uniformMs,
      sharpened: probs.filter((row) => Math.max(...row) >= SHARP).length,
      skips: probs.filter((row) => row.indexOf(Math.max(...row)) === SKIP).length,
      argmaxMs: result.argmax.latencyMs as number | null,
      validationAccuracy: validation,
      firstThetaS: firstTheta,
      firstThetaCpuS: firstThetaCpu,
      wallS: (performance.now() - t0) / 1000,
      cpuS: cpuS(),
    };
  } finally {
    search.dispose();
  }
}

const fmt = (v: number | null, d = 2) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(d));
const header =
  '| preset | set | seed | E[LAT] uniform → final (ms) | ratio | layers ≥ 0.7 | skips | argmax ms | val acc | first θ wall / CPU (s) | wall / CPU (s) |';
const line = (r: SweepRow) =>
  `| ${r.preset} | ${
    Object.entries(r.set)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(' ') || '—'
  } | ${r.seed} | ${fmt(r.uniformMs)} → ${fmt(r.finalMs)} | ${fmt(r.ratio)} | ${r.sharpened}/22 | ${r.skips} | ${fmt(r.argmaxMs)} | ${fmt(r.validationAccuracy * 100, 1)}% | ${fmt(r.firstThetaS, 1)} / ${fmt(r.firstThetaCpuS, 1)} | ${fmt(r.wallS, 0)} / ${fmt(r.cpuS, 0)} |`;

const set = overrides(values.set as string[]);
const rows: SweepRow[] = [];
console.log(header);
console.log(`|${'---|'.repeat(11)}`);
for (const presetId of values.presets!.split(',')) {
  for (const seed of values.seeds!.split(',').map(Number)) {
    const row = await runOne(presetId, seed, set);
    rows.push(row);
    console.log(line(row));
    if (values.out) {
      await mkdir(dirname(values.out), { recursive: true });
      await appendFile(values.out, `${JSON.stringify(row)}\n`);
    }
  }
}
