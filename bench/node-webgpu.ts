/**
 * `npm run bench:node-webgpu` — the search step on tfjs's WebGPU backend in Node, through Dawn's
 * Node binding (the `webgpu` dev dependency). Runs where there is a GPU with a Vulkan driver, or
 * on SwiftShader with `--swiftshader`; prints the adapter so a software one is never mistaken for a GPU.
 */
import { BENCH_CONFIGS } from './configs';
import { installDawn, relaunchWithDawnEnv } from './dawn';
import { benchSteps } from './step';

const args = process.argv.slice(2);
// `--swiftshader`: Chromium's software adapter instead of the machine's GPU (no GPU needed).
if (args.includes('--swiftshader')) relaunchWithDawnEnv();
const wanted = (args[args.indexOf('--config') + 1] ?? '').split(',').filter(Boolean);
const configs = BENCH_CONFIGS.filter((c) => (args.includes('--config') ? wanted.includes(c.name) : true));

async function main(): Promise<void> {
  const adapter = await installDawn();
  process.stdout.write(`adapter: vendor=${adapter.vendor} architecture=${adapter.architecture} description=${adapter.description}\n`);
  const { initBackend } = await import('../src/engine/runtime/backend');
  if (!(await initBackend('webgpu'))) throw new Error('the webgpu backend did not start');
  for (const c of configs) {
    for (const r of await benchSteps({
      name: c.name,
      env: 'node',
      config: c.config,
      modes: ['mixture', 'sampled'],
      warmup: 2,
      steps: 5,
      maxSecondsPerPhase: 60,
    })) {
      process.stdout.write(
        `${r.config.padEnd(8)} webgpu ${r.mode.padEnd(8)} ${r.phase.padEnd(5)} batch ${r.batch}  ${r.msPerStep.toFixed(1)} ms/step  ` +
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
