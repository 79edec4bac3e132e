/**
 * Soak: 2000 steps of a tiny search (8×8 inputs, width 0.25, three candidate blocks) on wasm in Node (Fashion-MNIST, Pixel 3 table), with a
 * checkpoint every 250 steps, reporting tensors and heap at the start and the end. A leak of one
 * tensor per step shows up as +2000; the exit code is 1 when the counts are not flat.
 */
import { initBackend } from '../src/engine/runtime/backend';
import { searchConfigSchema } from '../src/engine/schemas';
import { tf } from '../src/engine/runtime/tf';
import { resolveSpace, Search, takeCheckpoint } from '../src/engine/search';
import { loadTableFile } from '../src/cli/lut-file';
import { loadDatasetNode, peekDatasetNode } from '../src/cli/node-data';

const STEPS = Number(process.argv[2] ?? 2000);

function sample(label: string, step: number) {
  const mem = process.memoryUsage();
  const t = tf.memory();
  const mb = (n: number) => +(n / 1048576).toFixed(1);
  const row = {
    label,
    step,
    numTensors: t.numTensors,
    numBytes: t.numBytes,
    heapUsedMB: mb(mem.heapUsed),
    rssMB: mb(mem.rss),
    externalMB: mb(mem.external),
  };
  console.log(JSON.stringify(row));
  return row;
}

async function main() {
  if (!(await initBackend('wasm'))) throw new Error('the wasm backend did not start');
  // 80 train samples, batch 8: 10 steps per search epoch; epochs cover STEPS.
  const config = searchConfigSchema.parse({
    space: 'small',
    inputSize: 8,
    widthMultiplier: 0.25,
    headChannels: 32,
    trainSamples: 80,
    testSamples: 16,
    batchSize: 8,
    epochs: Math.ceil(STEPS / 10) + 1,
    warmupEpochs: 1,
    samples: 2,
    seed: 7,
    allowedBlocks: ['k3_e1', 'k5_e1_g2', 'skip'],
  });
  const space = resolveSpace(config, await peekDatasetNode('fashion-mnist'));
  const dataset = await loadDatasetNode('fashion-mnist', {
    size: space.inputSize,
    channels: space.inputChannels,
    trainSamples: config.trainSamples,
    testSamples: config.testSamples,
    seed: config.seed,
  });
  const table = await loadTableFile('pixel3-small', space);
  const search = await Search.create({ config, dataset, table, space });
  // Step 2 on: every slot exists and the first batches have run.
  await search.step();
  await search.step();
  global.gc?.();
  const start = sample('start', search.stepIndex);
  const t0 = performance.now();
  while (search.stepIndex < STEPS) {
    const events = await search.step();
    if (events.some((e) => e.type === 'paused')) throw new Error(`paused at step ${search.stepIndex}`);
    if (search.stepIndex % 250 === 0) {
      await takeCheckpoint(search);
      sample('progress', search.stepIndex);
    }
  }
  global.gc?.();
  const end = sample('end', search.stepIndex);
  console.log(
    JSON.stringify({
      steps: end.step - start.step,
      seconds: +((performance.now() - t0) / 1000).toFixed(1),
      tensorDelta: end.numTensors - start.numTensors,
      bytesDelta: end.numBytes - start.numBytes,
      heapDeltaMB: +(end.heapUsedMB - start.heapUsedMB).toFixed(1),
    }),
  );
  search.dispose();
  process.exitCode = end.numTensors === start.numTensors && end.numBytes === start.numBytes ? 0 : 1;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 2;
});
