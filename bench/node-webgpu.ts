/**
 * `npm run bench:node-webgpu` — the search step on tfjs's WebGPU backend in Node, through Dawn's
 * Node binding (the `webgpu` dev dependency). Runs where there is a GPU with a Vulkan driver, or
 * on SwiftShader with `--swiftshader`; prints the adapter so a software one is never mistaken for a GPU.
 * `--mode mixture|sampled` and `--phase w|theta` narrow the rows. `--submit-batch 15,100` instead
 * compares values of WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE (dispatches per command-buffer submit) on
 * one search's w-steps, the values taking turns step by step so that a shared machine's drift
 * favours none; `--batch N` sets the batch (the dispatch count does not depend on it).
 */
import { BENCH_CONFIGS } from './configs';
import { relaunchWithDawnEnv } from './dawn';
import { benchSteps } from './step';
import { argValue as option, startWebGpu, webgpuSearch } from './webgpu-search';
import type { SearchConfigInput } from '../src/engine/schemas';

const args = process.argv.slice(2);
// `--swiftshader`: Chromium's software adapter instead of the machine's GPU (no GPU needed).
if (args.includes('--swiftshader')) relaunchWithDawnEnv();
const wanted = (args[args.indexOf('--config') + 1] ?? '').split(',').filter(Boolean);
const configs = BENCH_CONFIGS.filter((c) => (args.includes('--config') ? wanted.includes(c.name) : true));
const modes = (option('mode')?.split(',') ?? ['mixture', 'sampled']) as ('mixture' | 'sampled')[];
const phases = option('phase')?.split(',') as ('w' | 'theta')[] | undefined;
const batches = option('submit-batch')?.split(',').map(Number) ?? [];

/** Median w-step time per submit batch size, the sizes taking turns over `rounds` steps each. */
async function compareSubmitBatches(name: string, config: SearchConfigInput, mode: 'mixture' | 'sampled', rounds: number) {
  const { tf } = await import('../src/engine/runtime/tf');
  const steps = 2 + rounds * batches.length;
  const search = await webgpuSearch({ ...config, batchSize: Number(option('batch') ?? config.batchSize ?? 16) }, mode, steps);
  const B = search.config.batchSize;
  const flag = 'WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE';
  const times = new Map<number, number[]>(batches.map((b) => [b, []]));
  for (let i = 0; i < steps; i++) {
    const submit = batches[i % batches.length];
    tf.env().set(flag, submit);
    const t0 = performance.now();
    await search.step();
    // The first round makes buffers and the last pipelines: not timed.
    if (i >= batches.length) times.get(submit)!.push(performance.now() - t0);
  }
  search.dispose();
  for (const [submit, ts] of times) {
    const s = [...ts].sort((a, b) => a - b);
    process.stdout.write(
      `${name} webgpu ${mode} w batch ${B}  submit every ${submit}: median ${s[s.length >> 1].toFixed(1)} ms/step over ${s.length} (${ts.map((t) => t.toFixed(0)).join(', ')})\n`,
    );
  }
}

async function main(): Promise<void> {
  await startWebGpu();
  if (batches.length) {
    for (const c of configs) await compareSubmitBatches(c.name, c.config, modes[0], Number(option('rounds') ?? 3));
    return;
  }
  const { tf } = await import('../src/engine/runtime/tf');
  const submit = tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE');
  for (const c of configs) {
    for (const r of await benchSteps({
      name: c.name,
      env: 'node',
      config: c.config,
      modes,
      phases,
      warmup: 2,
      steps: 5,
      maxSecondsPerPhase: 60,
    })) {
      process.stdout.write(
        `${r.config.padEnd(8)} webgpu ${r.mode.padEnd(8)} ${r.phase.padEnd(5)} batch ${r.batch}  submit every ${submit}  ${r.msPerStep.toFixed(1)} ms/step  ` +
          `${Math.round(r.imagesPerSecond)} img/s  ${(r.macsPerSecond / 1e9).toFixed(2)} GMAC/s  compile ${Math.round(r.compileMs)} ms  tensors ${r.numTensorsFirst}→${r.numTensors}\n`,
      );
    }
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
