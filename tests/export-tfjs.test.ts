import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { BLOCK_NAMES, type BlockName } from '../src/engine/space/blocks';
import { layerShapes, makeSpace, numLayers } from '../src/engine/space/space';
import { ChildNet } from '../src/engine/nn/childnet';
import { Rng } from '../src/engine/rng';
import { trainChild } from '../src/engine/retrain';
import { exportTfjsModel, WEIGHTS_FILE } from '../src/engine/export';
import { shufflePermutation } from '../src/engine/export/child-weights';
import { syntheticDataset } from './synthetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const space = makeSpace('small', { inputSize: 8, inputChannels: 1, numClasses: 3, widthMultiplier: 0.25, headChannels: 32 });
// Every block at least twice, so grouped + shuffled, identity and projection skips, and residuals all appear.
const order: BlockName[] = ['k3_e1_g2', 'skip', 'k5_e1_g2', 'k3_e6', 'skip', 'k5_e3', 'k3_e1', 'k5_e6', 'k3_e3', 'k5_e1'];
const blocks = Array.from({ length: numLayers(space) }, (_, l) => order[l % order.length]);
// Projection skips: layer 14 changes channels at stride 1, layer 18 changes channels at stride 2.
blocks[13] = 'skip';
blocks[17] = 'skip';
// Enough steps for the BN running averages to settle, so the logits stay in a sane range for a 1e-4 check.
const data = syntheticDataset({ size: 8, classes: 3, train: 64, test: 16, seed: 3 });

async function reload(files: Awaited<ReturnType<typeof exportTfjsModel>>): Promise<tf.LayersModel> {
  const json = JSON.parse(JSON.stringify(files.modelJson)) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: files.weightData }),
  );
}

async function maxDiff(net: ChildNet, model: tf.LayersModel, x: tf.Tensor4D): Promise<number> {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(net.forward(x, false), model.predict(x) as tf.Tensor))));
  const [v] = await d.data();
  d.dispose();
  return v;
}

describe('exportTfjsModel', () => {
  it('reloads with tf.loadLayersModel and predicts what the trained ChildNet predicts', async () => {
    expect(new Set(blocks)).toEqual(new Set(BLOCK_NAMES));
    const shapes = layerShapes(space);
    expect([13, 17].map((l) => [shapes[l].identitySkip, shapes[l].stride])).toEqual([
      [false, 1],
      [false, 2],
    ]);
    // Trained, so BN running averages and weights are far from their initial values.
    const { net } = await trainChild({ space, blocks, dataset: data, epochs: 4, batchSize: 8, lr: 0.05, seed: 2 });
    const files = await exportTfjsModel(net);
    expect(files.modelJson.weightsManifest[0].paths).toEqual([WEIGHTS_FILE]);
    expect(files.modelJson.format).toBe('layers-model');
    const layers = (files.modelJson.modelTopology as { config: { layers: { class_name: string }[] } }).config.layers;
    const classes = new Set(layers.map((l) => l.class_name));
    for (const c of classes)
      expect(['InputLayer', 'Conv2D', 'DepthwiseConv2D', 'BatchNormalization', 'ReLU', 'Add', 'GlobalAveragePooling2D', 'Dense']).toContain(
        c,
      );
    const model = await reload(files);
    const x = tf.tensor4d(data.test.x, [data.test.n, 8, 8, 1]);
    const before = tf.memory().numTensors;
    const diff = await maxDiff(net, model, x);
    expect(tf.memory().numTensors).toBe(before);
    expect(diff).toBeLessThan(1e-4);
    // The logits are not trivially equal (e.g. all zero): the classes differ across the test set.
    const logits = model.predict(x) as tf.Tensor;
    const spread = tf.tidy(() => tf.sub(tf.max(logits), tf.min(logits)));
    expect((await spread.data())[0]).toBeGreaterThan(0.1);
    tf.dispose([logits, spread, x]);
    model.dispose();
    net.dispose();
  });

  it('folds the channel shuffle into the conv: a wrong permutation would change the predictions', async () => {
    expect(shufflePermutation(6, 2)).toEqual([0, 3, 1, 4, 2, 5]);
    const sp = makeSpace('small', {
      inputSize: 8,
      inputChannels: 1,
      numClasses: 3,
      widthMultiplier: 0.25,
      headChannels: 16,
      allowedBlocks: ['k3_e1_g2'],
    });
    const net = new ChildNet(sp, Array(numLayers(sp)).fill('k3_e1_g2'), Rng.fromSeed(5));
    const model = await reload(await exportTfjsModel(net));
    const x = tf.tensor4d(data.test.x, [data.test.n, 8, 8, 1]);
    expect(await maxDiff(net, model, x)).toBeLessThan(1e-4);
    tf.dispose(x);
    model.dispose();
    net.dispose();
  });
});
