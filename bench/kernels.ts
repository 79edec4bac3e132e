/**
 * `npm run bench:kernels -- [--config toy] [--mode mixture|sampled] [--json file]`
 * How many compute dispatches one search step sends to the GPU on tfjs's WebGPU backend, counted
 * on a real backend (Dawn's Node binding; SwiftShader where there is no GPU) by the backend's own
 * dispatch path (src/engine/webgpu/counter.ts). One w-step and one θ-step per mode, each the second
 * of its phase (pipelines compiled, slots made) and not the last of its epoch (no validation pass).
 * After the studio's pipeline warm-up (src/engine/runtime/warmup.ts) it also counts the pipelines
 * that each phase's first step still had to compile (`lateCompiles`: 0 when the warm-up covers it).
 */
import { writeFileSync } from 'node:fs';
import { relaunchWithDawnEnv } from './dawn';
import { benchConfig } from './configs';
import { argValue as value, startWebGpu, webgpuSearch } from './webgpu-search';

relaunchWithDawnEnv();

interface Row {
  config: string;
  mode: 'mixture' | 'sampled';
  phase: 'w' | 'theta';
  backend: 'webgpu';
  counted: 'webgpu';
  dispatches: number;
  byKernel: Record<string, number>;
  uploads: number;
  lateCompiles: number;
}

/** Pipelines the backend has compiled so far (tfjs's cache, one per shader key). */
function compiledPipelines(backend: unknown): number {
  return Object.keys((backend as { pipelineCache: object }).pipelineCache).length;
}

async function main() {
  const adapter = await startWebGpu();
  const { tf } = await import('../src/engine/runtime/tf');
  const { countDispatches } = await import('../src/engine/webgpu/counter');
  const name = value('config') ?? 'toy';
  const modes = (value('mode') ? [value('mode')] : ['mixture', 'sampled']) as Row['mode'][];
  const rows: Row[] = [];
  for (const mode of modes) {
    // Three w-batches then three θ-batches; the second of each is counted.
    const search = await webgpuSearch(benchConfig(name).config, mode, 3);
    for (const phase of ['w', 'theta'] as const) {
      if (phase === 'theta') await search.step();
      const before = compiledPipelines(tf.backend());
      await search.step();
      const lateCompiles = compiledPipelines(tf.backend()) - before;
      const counter = countDispatches();
      const events = await search.step();
      const count = counter.read();
      counter.stop();
      const ev = events.find((e) => e.type === 'step');
      if (!ev || ev.phase !== phase) throw new Error(`expected a ${phase} step`);
      if (tf.getBackend() !== 'webgpu') throw new Error(`the step left webgpu for ${tf.getBackend()}`);
      const byKernel = Object.fromEntries(Object.entries(count.byKernel).sort((a, b) => b[1] - a[1]));
      rows.push({
        config: name,
        mode,
        phase,
        backend: 'webgpu',
        counted: 'webgpu',
        dispatches: count.dispatches,
        byKernel,
        uploads: count.uploads,
        lateCompiles,
      });
      process.stdout.write(
        `${name} ${mode} ${phase}-step: ${count.dispatches} WebGPU dispatches, ${count.uploads} uploads; ` +
          `${lateCompiles} pipelines compiled by the phase's first step after warm-up\n`,
      );
      process.stdout.write(
        `  ${Object.entries(byKernel)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}\n`,
      );
    }
    search.dispose();
  }
  const json = value('json');
  if (json) writeFileSync(json, `${JSON.stringify({ adapter, results: rows }, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
