/**
 * `npm run bench:kernels -- [--config toy] [--mode mixture|sampled]`
 * How many kernels one search step launches on WebGPU, counted without a GPU: the step runs on the
 * cpu backend with the ops WebGPU gets (tfjs's own gradients, fused BatchNorm, per-group matMuls)
 * under tf.profile. A split counts as its slices and a concat as its launches of at most seven
 * inputs, as tfjs's WebGPU backend runs them; reshapes and identities launch nothing there.
 */
import { tf } from '../src/engine/tf';
import { configureOps } from '../src/engine/nn/ops';
import { parseOrThrow, searchConfigSchema, type SearchMode } from '../src/engine/schemas';
import { resolveSpace, Search } from '../src/engine/search';
import { benchConfig } from './configs';
import { flatTable, randomDataset } from './step';

const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const FREE = new Set(['Reshape', 'Identity']);
/** tfjs's WebGPU concat binds at most maxStorageBuffersPerShaderStage − 1 inputs (8 − 1) per launch. */
const CONCAT_INPUTS = 7;

async function main() {
  await tf.setBackend('cpu');
  configureOps({ grad: 'autodiff', bn: 'fused', grouped: 'split' });
  const name = value('config') ?? 'toy';
  const mode = (value('mode') ?? 'mixture') as SearchMode;
  const config = parseOrThrow(searchConfigSchema, { ...benchConfig(name).config, mode, warmupEpochs: 0, trainSamples: 160, testSamples: 16 }, 'bench config');
  const dataset = randomDataset(config.inputSize ?? 16, config.trainSamples, config.testSamples);
  const space = resolveSpace(config, dataset);
  const search = await Search.create({ config, dataset, table: flatTable(space) });
  await search.step();
  const { kernels } = await tf.profile(async () => {
    await search.step();
  });
  const launches = new Map<string, number>();
  for (const k of kernels) {
    if (FREE.has(k.name)) continue;
    const n = k.name === 'SplitV' ? k.outputShapes.length : k.name === 'Concat' ? Math.ceil(k.inputShapes.length / CONCAT_INPUTS) : 1;
    launches.set(k.name, (launches.get(k.name) ?? 0) + n);
  }
  const total = [...launches.values()].reduce((a, b) => a + b, 0);
  console.log(`${name} ${mode} w-step: ${kernels.length} tfjs kernels, ${total} WebGPU launches`);
  console.log([...launches].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', '));
  search.dispose();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
