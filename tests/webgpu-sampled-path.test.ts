import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { BLOCK_NAMES, type BlockName } from '../src/engine/space/blocks';
import { Supernet } from '../src/engine/nn/supernet';
import { applyBatchNormUpdates, type BatchNormUpdate } from '../src/engine/nn/params';
import { Rng } from '../src/engine/rng';
import { countDispatches } from '../src/engine/webgpu/counter';
import { close, randn } from './fused-layer-cases';
import { microSpace } from './synthetic';
import { useWebGpu } from './webgpu';

afterAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * The micro space's layers: 8→8 (twice, identity skip), 8→16 with stride 2 (projection skip),
 * 16→16. The paths take residual and strided convs, a grouped conv, both kinds of skip.
 */
const PATHS: BlockName[][] = [
  ['k3_e3', 'skip', 'k5_e6', 'k3_e1_g2'],
  ['skip', 'k5_e1_g2', 'skip', 'skip'],
];

/** A single-path forward's logits, the gradients of every weight and of m, and the running averages after. */
async function run(backend: 'cpu' | 'webgpu', names: BlockName[]) {
  if (backend === 'webgpu') await useWebGpu();
  else expect(await tf.setBackend('cpu')).toBe(true);
  const net = new Supernet(microSpace([...BLOCK_NAMES]), Rng.fromSeed(5));
  const path = names.map((b) => BLOCK_NAMES.indexOf(b));
  const x = randn([4, 8, 8, 1], 6) as tf.Tensor4D;
  // Weights other than 1 (a θ step's straight-through weights are 1 in value): the scaling shows.
  const m = tf.variable(tf.add(tf.abs(randn([4, BLOCK_NAMES.length], 7)), 0.5) as tf.Tensor2D);
  const probe = randn([4, 3], 8);
  const updates: BatchNormUpdate[] = [];
  let logits: tf.Tensor | null = null;
  const counter = backend === 'webgpu' ? countDispatches() : null;
  const { grads } = tf.variableGrads(() => {
    const y = net.forwardPath(x, path, m, { training: true, bnUpdates: updates });
    logits = tf.keep(y);
    return tf.sum(tf.mul(y, probe)) as tf.Scalar;
  }, [m, ...net.weights]);
  const count = counter?.read();
  counter?.stop();
  applyBatchNormUpdates(updates);
  const live = [m, ...net.weights].filter((v) => grads[v.name]);
  const read = async (ts: tf.Tensor[]) => Promise.all(ts.map(async (t) => Float32Array.from(await t.data())));
  const out = {
    logits: (await read([logits!]))[0],
    grads: await read(live.map((v) => grads[v.name])),
    running: await read([...(net as unknown as { params: { all: tf.Variable[] } }).params.all.filter((v) => !v.trainable)]),
    count,
  };
  expect(tf.getBackend()).toBe(backend);
  tf.dispose([x, m, probe, logits!, ...Object.values(grads)]);
  net.dispose();
  return out;
}

describe('a sampled path on WebGPU, its weights folded into the layer kernels, equals the cpu backend', () => {
  for (const names of PATHS) {
    // Minutes on a busy machine: SwiftShader compiles the pipelines of the first case.
    it(`${names.join(' → ')}: logits, the gradients of m and of every weight, the running averages`, { timeout: 400_000 }, async () => {
      const cpu = await run('cpu', names);
      const gpu = await run('webgpu', names);
      close(gpu.logits, cpu.logits, 'logits', 1e-4);
      expect(gpu.grads.length).toBe(cpu.grads.length);
      // As in the fused layer's test: float32 noise where a gradient vanishes in exact arithmetic.
      cpu.grads.forEach((g, i) => close(gpu.grads[i], g, `gradient ${i}`, 1e-4, 0.1));
      cpu.running.forEach((r, i) => close(gpu.running[i], r, `running average ${i}`, 1e-4));
      // Every layer's weight came from one dispatch, and none was a multiply of a conv block's output.
      expect(gpu.count?.byKernel.PickProgram).toBe(1);
      expect(gpu.count?.byKernel.PickGradProgram).toBe(1);
      expect(gpu.count?.byKernel.SliceProgram).toBeUndefined();
    });
  }
});
