/**
 * Times search steps of a preset on this machine:
 * `npm run time:preset -- [preset] [backend] [steps] [w|w,theta] [key=value …]` (config overrides, JSON values).
 * Prints the first step (kernel set-up included), then the median and max of the following w and θ
 * steps; θ steps are reached by also timing the preset with warm-up turned off. CPU time per step
 * is printed too: on a shared machine it is what the wall time would be without the other load
 * (the wasm and cpu backends run the step on one thread).
 */
import { initBackend, type BackendName } from '../src/engine/runtime/backend';
import { tf } from '../src/engine/runtime/tf';
import { presetById } from '../src/engine/search/presets';
import { resolveSpace, Search } from '../src/engine/search';
import { searchConfigSchema } from '../src/engine/schemas';
import { loadDatasetNode, peekDatasetNode } from '../src/cli/node-data';
import { loadTableFile } from '../src/cli/lut-file';

const [id = 'cpu-quick', backend = 'wasm', stepsArg = '6', phases = 'w,theta', ...sets] = process.argv.slice(2);
const overrides = Object.fromEntries(
  sets.map((kv) => {
    const [k, v] = [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)];
    try {
      return [k, JSON.parse(v)];
    } catch {
      return [k, v];
    }
  }),
);
const steps = Number(stepsArg);
if (!(await initBackend(backend as BackendName))) throw new Error(`backend ${backend} failed to start`);

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

for (const warmupEpochs of phases.includes('theta') ? [undefined, 0] : [undefined]) {
  const input = { ...presetById(id).config, ...overrides, ...(warmupEpochs === undefined ? {} : { warmupEpochs }) };
  const config = searchConfigSchema.parse(input);
  const space = resolveSpace(config, await peekDatasetNode(config.dataset));
  const dataset = await loadDatasetNode(config.dataset, {
    size: space.inputSize,
    channels: space.inputChannels,
    trainSamples: config.trainSamples,
    testSamples: config.testSamples,
    seed: config.seed,
  });
  const table = await loadTableFile('pixel3-small', space);
  const search = await Search.create({ config, dataset, table, space });
  const ms: Record<string, number[]> = { w: [], theta: [] };
  const cpu: Record<string, number[]> = { w: [], theta: [] };
  let first = 0;
  const wSteps = Math.floor(Math.floor(dataset.train.n * config.wSplit) / config.batchSize);
  // With warm-up off, jump the w steps of epoch 0 quickly by counting them but not timing them.
  const total = warmupEpochs === 0 ? wSteps + steps : steps + 1;
  for (let i = 0; i < total; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const ev = await search.step();
    const dt = performance.now() - t0;
    const c1 = process.cpuUsage(c0);
    const step = ev.find((e) => e.type === 'step');
    if (step?.type !== 'step') throw new Error(`step ${i + 1} did not complete: ${JSON.stringify(ev[0]).slice(0, 200)}`);
    if (i === 0) first = dt;
    else if (warmupEpochs === undefined || step.phase === 'theta') {
      ms[step.phase].push(dt);
      cpu[step.phase].push((c1.user + c1.system) / 1000);
    }
  }
  const label = warmupEpochs === 0 ? 'θ steps (warm-up off)' : 'w steps';
  const v = warmupEpochs === 0 ? ms.theta : ms.w;
  const c = warmupEpochs === 0 ? cpu.theta : cpu.w;
  console.log(
    `${id} on ${tf.getBackend()}: ${label}: first ${first.toFixed(0)} ms, then median ${median(v).toFixed(0)} ms, max ${Math.max(...v).toFixed(0)} ms over ${v.length} (CPU time median ${median(c).toFixed(0)} ms); ${search.totalSteps} steps in the search; tensors ${tf.memory().numTensors}`,
  );
  search.dispose();
}
