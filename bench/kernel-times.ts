/**
 * `npm run bench:kernel-times -- [--config toy] [--mode mixture|sampled] [--phase w|theta] [--steps 3]`
 * Where a search step's GPU time goes on tfjs's WebGPU backend: each dispatch timed by the GPU's
 * own timestamps (tfjs's timer path, one compute pass per dispatch), summed per program over
 * `--steps` steps after the warm-up, beside the step's wall time. Runs on Dawn's Node binding
 * (SwiftShader where there is no GPU), with Dawn's unsafe APIs on because timestamps need them.
 */
import { relaunchWithDawnEnv } from './dawn';
import { benchConfig } from './configs';
import { argValue as value, startWebGpu, webgpuSearch } from './webgpu-search';

relaunchWithDawnEnv();

interface TimedBackend {
  supportTimestampQuery: boolean;
  activeTimers: { name: string; query: Promise<number> }[] | null;
}

async function main() {
  await startWebGpu(['enable-dawn-features=allow_unsafe_apis']);
  const { tf } = await import('../src/engine/runtime/tf');
  const backend = tf.backend() as unknown as TimedBackend;
  if (!backend.supportTimestampQuery) throw new Error('this adapter gives no timestamp-query: nothing to time');
  const name = value('config') ?? 'toy';
  const mode = (value('mode') ?? 'mixture') as 'mixture' | 'sampled';
  const phase = (value('phase') ?? 'w') as 'w' | 'theta';
  const steps = Number(value('steps') ?? 3);
  // w-batches first, then as many θ-batches; one untimed step of the phase before the timed ones.
  const n = steps + 1;
  const search = await webgpuSearch(benchConfig(name).config, mode, n);
  if (phase === 'theta') for (let i = 0; i < n; i++) await search.step();
  await search.step();
  const totals = new Map<string, { ms: number; n: number }>();
  let wall = 0;
  let untimedWall = 0;
  for (let i = 0; i < steps; i++) {
    // One step untimed (batched submits, as the studio runs), one with a timer on every dispatch.
    if (i % 2 === 0) {
      const t0 = performance.now();
      await search.step();
      untimedWall += performance.now() - t0;
      continue;
    }
    backend.activeTimers = [];
    const t0 = performance.now();
    await search.step();
    const timers = backend.activeTimers;
    backend.activeTimers = null;
    const ms = await Promise.all(timers.map((t) => t.query));
    wall += performance.now() - t0;
    timers.forEach((t, j) => {
      const e = totals.get(t.name) ?? { ms: 0, n: 0 };
      e.ms += ms[j];
      e.n++;
      totals.set(t.name, e);
    });
  }
  const timed = Math.floor(steps / 2);
  const untimed = steps - timed;
  if (tf.getBackend() !== 'webgpu') throw new Error(`the step left webgpu for ${tf.getBackend()}`);
  const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const gpu = rows.reduce((a, [, e]) => a + e.ms, 0) / timed;
  process.stdout.write(
    `${name} ${mode} ${phase}-step: wall ${(untimedWall / untimed).toFixed(0)} ms as the studio runs it, ` +
      `${(wall / timed).toFixed(0)} ms with every dispatch timed; GPU time ${gpu.toFixed(0)} ms per step\n`,
  );
  for (const [k, e] of rows) {
    process.stdout.write(
      `  ${k.padEnd(34)} ${String(e.n / timed).padStart(4)} dispatches  ${(e.ms / timed).toFixed(1).padStart(8)} ms  ${((100 * e.ms) / timed / gpu).toFixed(1).padStart(5)} %\n`,
    );
  }
  search.dispose();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
