import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { maskBias, gumbelWeightsAndLatency } from '../src/engine/search/sampling';
import { countDispatches, type DispatchCount } from '../src/engine/webgpu/counter';
import { randn } from './fused-layer-cases';
import { expectClose, useWebGpu } from './webgpu';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const L = 3;
const K = 9;
/** Layer 1 allows only blocks 0, 4 and 8: the mask bias must zero the rest exactly. */
const MASK = Array.from({ length: L }, (_, l) => Array.from({ length: K }, (_, i) => l !== 1 || i % 4 === 0));
const PATH = [2, 4, 7];

/** m, E[LAT] and dθ of a loss that reads both, on one backend, from fixed seeds. */
async function run(backend: 'cpu' | 'webgpu', sampled: boolean) {
  if (backend === 'webgpu') await useWebGpu();
  else expect(await tf.setBackend('cpu')).toBe(true);
  const theta = tf.variable(randn([L, K], 1, 0.7) as tf.Tensor2D);
  const bias = maskBias(MASK);
  const noise = randn(sampled ? [L, K] : [4, L, K], 2);
  const lut = tf.abs(randn([L, K], 3, 5)) as tf.Tensor2D;
  const probe = randn(noise.shape, 4);
  const tau = 0.8;
  let count: DispatchCount | undefined;
  let values: tf.Tensor[] = [];
  const whole = backend === 'webgpu' ? countDispatches() : null;
  const { grads } = tf.variableGrads(() => {
    const counter = backend === 'webgpu' ? countDispatches() : null;
    const { m, lat } = gumbelWeightsAndLatency(theta, bias, noise, tau, lut, 1.5, sampled ? PATH : null);
    count = counter?.read();
    counter?.stop();
    values = [tf.keep(m), tf.keep(lat)];
    // The loss reads both outputs, as a θ step does (the net reads m, the latency term E[LAT]).
    return tf.add(tf.sum(tf.mul(m, probe)), tf.mul(tf.log(lat), 3)) as tf.Scalar;
  }, [theta]);
  const withGradient = whole?.read();
  whole?.stop();
  const out = await Promise.all([...values, grads[theta.name]].map(async (t) => Float32Array.from(await t.data())));
  expect(tf.getBackend()).toBe(backend);
  tf.dispose([theta, bias, noise, lut, probe, ...values, grads[theta.name]]);
  return { m: out[0], lat: out[1], dTheta: out[2], count, withGradient };
}

describe('Gumbel-softmax and E[LAT] in one WebGPU kernel equal the cpu backend', () => {
  for (const sampled of [false, true]) {
    it(`${sampled ? 'sampled (straight-through one-hot)' : 'mixture (a draw per sample)'}: m, E[LAT] and θ's gradient, in one dispatch`, async () => {
      const cpu = await run('cpu', sampled);
      const gpu = await run('webgpu', sampled);
      expectClose(gpu.m, cpu.m, 1e-5, 'm');
      expectClose(gpu.lat, cpu.lat, 1e-5, 'E[LAT]');
      expectClose(gpu.dTheta, cpu.dTheta, 1e-4, 'dθ');
      // Masked blocks weigh exactly 0, and get no gradient.
      MASK.forEach((row, l) =>
        row.forEach((ok, i) => {
          if (!ok) expect(gpu.dTheta[l * K + i]).toBe(0);
        }),
      );
      if (sampled) expect(Array.from(gpu.m)).toEqual(Array.from({ length: L * K }, (_, j) => (PATH[Math.floor(j / K)] === j % K ? 1 : 0)));
      expect(gpu.count?.dispatches).toBe(1);
      expect(gpu.count?.byKernel.GumbelLatencyProgram).toBe(1);
      // With the gradient: one more for θ's, and none of tfjs's softmax or reductions for it.
      expect(gpu.withGradient?.byKernel.GumbelLatencyGradProgram).toBe(1);
      expect(gpu.withGradient?.byKernel.SoftmaxProgram).toBeUndefined();
    });
  }
});
