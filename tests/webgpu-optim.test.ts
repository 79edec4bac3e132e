import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { Adam, MomentumSgd } from '../src/engine/search/optim';
import { applyBatchNormUpdates, type BatchNormParams } from '../src/engine/nn/params';
import { countDispatches } from '../src/engine/webgpu/counter';
import { expectClose, useWebGpu } from './webgpu';

const SHAPES = [[2, 3], [5], [1, 3, 3, 2], [3, 1], [7]];
const fill = (shape: number[], seed: number) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from({ length: n }, (_, k) => Math.sin(seed * 7.3 + k * 1.9)),
    shape,
  );
};
const valuesOf = async (ts: tf.Tensor[]) => Promise.all(ts.map(async (t) => Float32Array.from(await t.data())));

/** Runs `steps` on fresh variables on one backend; returns the variables' final values and the dispatches of the last step. */
async function run(backend: 'cpu' | 'webgpu', steps: (vars: tf.Variable[], step: number) => void, n = 3) {
  if (backend === 'webgpu') await useWebGpu();
  else await tf.setBackend('cpu');
  const vars = SHAPES.map((s, i) => tf.variable(fill(s, i)));
  const before = tf.memory().numTensors;
  for (let step = 0; step < n - 1; step++) steps(vars, step);
  const counter = backend === 'webgpu' ? countDispatches() : null;
  steps(vars, n - 1);
  const count = counter?.read();
  counter?.stop();
  const values = await valuesOf(vars);
  expect(tf.getBackend()).toBe(backend);
  return { values, count, vars, leaked: tf.memory().numTensors - before };
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('one-dispatch optimisers on WebGPU', () => {
  it('SGD with momentum and weight decay equals the cpu backend, skips variables without a gradient, in one dispatch', async () => {
    const results = [];
    for (const backend of ['cpu', 'webgpu'] as const) {
      let opt: MomentumSgd | null = null;
      const r = await run(backend, (vars, step) => {
        opt ??= new MomentumSgd(vars, 0.9, 1e-2);
        const grads = vars.map((v, i) => (i === 2 ? null : fill(v.shape, 10 + step + i)));
        opt.apply(grads, 0.1);
        tf.dispose(grads.filter((g): g is tf.Tensor => g != null));
      });
      const slots = await valuesOf([...opt!.slots]);
      results.push({ ...r, slots });
      opt!.dispose();
      tf.dispose(r.vars);
    }
    const [cpu, gpu] = results;
    cpu.values.forEach((v, i) => expectClose(gpu.values[i], v, 1e-6, `w${i}`));
    cpu.slots.forEach((v, i) => expectClose(gpu.slots[i], v, 1e-6, `velocity${i}`));
    expect(Array.from(gpu.values[2])).toEqual(Array.from(cpu.values[2]));
    expect(gpu.count!.byKernel).toEqual({ SgdMomentumProgram: 1 });
    expect(gpu.count!.uploads).toBe(4);
    expect(gpu.leaked).toBe(cpu.leaked);
  });

  it('Adam with weight decay equals the cpu backend in one dispatch, and a step rejected on the device changes nothing', async () => {
    const results = [];
    for (const backend of ['cpu', 'webgpu'] as const) {
      let opt: Adam | null = null;
      let ok: tf.Tensor | null = null;
      let rejected: Float32Array[] = [];
      const r = await run(backend, (vars, step) => {
        opt ??= new Adam(vars, 5e-4);
        ok ??= tf.keep(tf.scalar(true, 'bool'));
        const grads = vars.map((v, i) => fill(v.shape, 20 + step + i));
        opt.apply(grads, 0.01, ok);
        tf.dispose(grads);
      });
      // A rejected step (ok false on the device) leaves variables and moments as they were.
      const no = tf.scalar(false, 'bool');
      const nan = r.vars.map((v) => tf.fill(v.shape, Number.NaN));
      opt!.apply(nan, 0.01, no);
      rejected = await valuesOf([...r.vars, ...opt!.slots]);
      results.push({ ...r, rejected, slots: rejected.slice(SHAPES.length) });
      tf.dispose([no, ok!, ...nan, ...r.vars]);
      opt!.dispose();
    }
    const [cpu, gpu] = results;
    cpu.values.forEach((v, i) => expectClose(gpu.values[i], v, 1e-6, `x${i}`));
    cpu.slots.forEach((v, i) => expectClose(gpu.slots[i], v, 1e-6, `moment${i}`));
    gpu.rejected.slice(0, SHAPES.length).forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(gpu.values[i])));
    cpu.rejected.slice(0, SHAPES.length).forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(cpu.values[i])));
    expect(gpu.count!.byKernel).toEqual({ AdamProgram: SHAPES.length });
  });

  it('BatchNorm running averages of many BNs equal the cpu backend in one dispatch', async () => {
    const results = [];
    for (const backend of ['cpu', 'webgpu'] as const) {
      if (backend === 'webgpu') await useWebGpu();
      else await tf.setBackend('cpu');
      const bn = (c: number, seed: number): BatchNormParams => ({
        gamma: tf.variable(tf.ones([c])),
        beta: tf.variable(tf.zeros([c])),
        mean: tf.variable(fill([c], seed) as tf.Tensor1D),
        variance: tf.variable(tf.add(fill([c], seed + 1), 2) as tf.Tensor1D),
      });
      const bns = [bn(3, 1), bn(4, 2), bn(2, 3)];
      const updates = [
        { bns: [bns[0], bns[1]], mean: fill([7], 4) as tf.Tensor1D, variance: tf.add(fill([7], 5), 1.5) as tf.Tensor1D },
        { bns: [bns[2]], mean: fill([2], 6) as tf.Tensor1D, variance: tf.add(fill([2], 7), 1.5) as tf.Tensor1D },
      ];
      const counter = backend === 'webgpu' ? countDispatches() : null;
      applyBatchNormUpdates(updates);
      const count = counter?.read();
      counter?.stop();
      results.push({ values: await valuesOf(bns.flatMap((b) => [b.mean, b.variance])), count });
      expect(updates).toHaveLength(0);
      tf.dispose(bns.flatMap((b) => [b.gamma, b.beta, b.mean, b.variance]));
    }
    const [cpu, gpu] = results;
    cpu.values.forEach((v, i) => expectClose(gpu.values[i], v, 1e-6, `running${i}`));
    expect(gpu.count!.byKernel).toEqual({ BlendProgram: 1 });
  });
});
