/**
 * `npm run bench:node-webgpu` — the search step on tfjs's WebGPU backend in Node, through Dawn's
 * Node binding (the `webgpu` dev dependency). Runs where there is a GPU with a Vulkan driver, or
 * on SwiftShader with `--swiftshader`; prints the adapter so a software one is never mistaken for a GPU.
 * `--mode mixture|sampled` and `--phase w|theta` narrow the rows; `--submit-batch 15,60` measures
 * each value of WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE (dispatches per command-buffer submit) in turn,
 * twice over in alternation, so drift on a shared machine does not favour one.
 */
import { BENCH_CONFIGS } from './configs';
import { installDawn, relaunchWithDawnEnv } from './dawn';
import { benchSteps } from './step';

const args = process.argv.slice(2);
// `--swiftshader`: Chromium's software adapter instead of the machine's GPU (no GPU needed).
if (args.includes('--swiftshader')) relaunchWithDawnEnv();
const wanted = (args[args.indexOf('--config') + 1] ?? '').split(',').filter(Boolean);
const configs = BENCH_CONFIGS.filter((c) => (args.includes('--config') ? wanted.includes(c.name) : true));
const option = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const modes = (option('mode')?.split(',') ?? ['mixture', 'sampled']) as ('mixture' | 'sampled')[];
const phases = option('phase')?.split(',') as ('w' | 'theta')[] | undefined;
const batches = option('submit-batch')?.split(',').map(Number) ?? [];

async function main(): Promise<void> {
  const adapter = await installDawn();
  process.stdout.write(`adapter: vendor=${adapter.vendor} architecture=${adapter.architecture} description=${adapter.description}\n`);
  const { initBackend } = await import('../src/engine/runtime/backend');
  if (!(await initBackend('webgpu'))) throw new Error('the webgpu backend did not start');
  const { tf } = await import('../src/engine/runtime/tf');
  const flag = 'WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE';
  // Without --submit-batch, one pass at the value the engine sets.
  const passes = batches.length ? [...batches, ...batches] : [tf.env().getNumber(flag)];
  for (const submit of passes) {
    tf.env().set(flag, submit);
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
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
