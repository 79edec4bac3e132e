/**
 * `npm run bench -- [--config <name>[,<name>]] [--json <file>] [--all] [--webgpu] [--no-torch] [--only node|chromium] [--threads N] [--backends webgpu,wasm]`
 * Times the search step (w and θ separately) on every backend in Node and in headless Chromium,
 * the same step in PyTorch on the CPU, and the machine's dense multiply-add ceiling; then
 * prints the speed targets as ratios from this one run.
 */
import '@tensorflow/tfjs-backend-wasm';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { tf } from '../src/engine/runtime/tf';
import { initBackend } from '../src/engine/runtime/backend';
import { measureCeiling, type CeilingResult } from './ceiling';
import { measureShapeCeiling } from './shape-ceiling';
import { resolveSpace } from '../src/engine/search';
import { parseOrThrow, searchConfigSchema } from '../src/engine/schemas';
import { benchConfig, BENCH_CONFIGS } from './configs';
import { runChromium } from './chromium';
import { printTable } from './table';
import { runReference, torchAvailable, type ReferenceResult } from './reference';
import { printTargets } from './targets';
import { benchSteps, type StepOptions, type StepResult } from './step';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const value = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

const all = flag('all');
const configs = (
  value('config') ??
  BENCH_CONFIGS.filter((c) => !c.heavy)
    .map((c) => c.name)
    .join(',')
).split(',');
configs.forEach(benchConfig);
const only = value('only');
const jsonPath = value('json');

/** Fast backends get the full count; slow ones stop after a time budget per phase. */
const opts: Omit<StepOptions, 'name' | 'env' | 'config'> = {
  modes: ['mixture', 'sampled'],
  warmup: 2,
  steps: 5,
  maxSecondsPerPhase: all ? 120 : 8,
};
const webgpuOnce = flag('webgpu');
/** Backends that take seconds per step only run the first config unless --all. */
const SLOW = new Set(['cpu', 'webgl', 'webgpu']);

async function main() {
  const results: object[] = [];
  const ceiling: CeilingResult[] = [];
  const shapeCeiling: (CeilingResult & { config: string; env: string })[] = [];
  if (only !== 'chromium') {
    // Node's pure-JS cpu backend is ~2× slower than Chromium's and decides nothing: --all only.
    for (const backend of all ? (['wasm', 'cpu'] as const) : (['wasm'] as const)) {
      if (!(await initBackend(backend))) throw new Error(`${backend} did not start in Node`);
      if (backend === 'wasm') {
        ceiling.push(...(await measureCeiling()).map((c) => ({ ...c, env: 'node' })));
        for (const name of configs) {
          const c = parseOrThrow(searchConfigSchema, benchConfig(name).config, 'bench config');
          const space = resolveSpace(c, { channels: 1, numClasses: 10, size: c.inputSize ?? 16 });
          shapeCeiling.push({ ...(await measureShapeCeiling(space, c.batchSize, name)), config: name, env: 'node' });
        }
      }
      for (const name of SLOW.has(backend) && !all ? configs.slice(0, 1) : configs) {
        for (const mode of opts.modes) {
          const warmup = SLOW.has(backend) ? 1 : opts.warmup;
          try {
            results.push(...(await benchSteps({ ...opts, warmup, modes: [mode], name, env: 'node', config: benchConfig(name).config })));
          } catch (e) {
            results.push({ config: name, env: 'node', backend, mode, error: String(e).split('\n')[0] });
          }
          printTable(results.slice(-2));
        }
      }
    }
    tf.disposeVariables();
  }
  let browser: Record<string, unknown> = {};
  if (only !== 'node') {
    const c = await runChromium({
      configs,
      opts,
      all,
      webgpuOnce,
      slow: SLOW,
      threads: Number(value('threads') ?? 2),
      backends: value('backends')?.split(','),
      log: (r) => printTable(r),
    });
    results.push(...c.results);
    ceiling.push(...c.ceiling);
    browser = c.browser;
  }
  const reference: ReferenceResult[] = [];
  const torch = flag('no-torch') ? ({ ok: false, why: '--no-torch' } as const) : torchAvailable();
  if (!torch.ok) console.log(`\nPyTorch reference skipped: ${torch.why}`);
  else {
    for (const name of configs) {
      try {
        reference.push(...runReference(name, benchConfig(name).config, opts.modes, { warmup: 1, steps: 3 }));
      } catch (e) {
        console.log(`PyTorch reference for ${name}: ${String(e).split('\n')[0]}`);
      }
    }
  }
  const best = ceiling.reduce((m, c) => Math.max(m, c.macsPerSecond), 0);
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    tfjs: tf.version.tfjs,
    ...browser,
  };
  console.log('\nAll results');
  printTable(results);
  console.log('\nCeiling (dense multiply-adds):');
  for (const c of ceiling)
    console.log(`  ${(c as { env?: string }).env}/${c.backend} ${c.op}: ${(c.macsPerSecond / 1e9).toFixed(2)} GMAC/s`);
  console.log(`  best: ${(best / 1e9).toFixed(2)} GMAC/s`);
  if (shapeCeiling.length) console.log("At the step's own shapes (forward convs and matMuls only, nothing around them):");
  for (const c of shapeCeiling) console.log(`  ${c.env}/${c.backend} ${c.op}: ${(c.macsPerSecond / 1e9).toFixed(2)} GMAC/s`);
  const nodeBest = ceiling.filter((c) => (c as { env?: string }).env === 'node').reduce((m, c) => Math.max(m, c.macsPerSecond), 0);
  printTargets(results as StepResult[], reference, best, shapeCeiling, nodeBest);
  if (jsonPath) {
    writeFileSync(
      resolve(jsonPath),
      JSON.stringify({ machine, ceilingMacsPerSecond: best, ceiling, shapeCeiling, results, reference }, null, 2),
    );
    console.log(`wrote ${jsonPath}`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
