import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import '@tensorflow/tfjs-backend-wasm';
import { Adam, MomentumSgd } from '../src/engine/search/optim';
import { registerWasmCopyKernels } from '../src/engine/runtime/wasm-kernels';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const values = async (t: tf.Tensor) => Array.from(await t.data());

describe('optimisers', () => {
  it('SGD with momentum and weight decay follows v = μv + g + λw; w −= lr·v', async () => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const untouched = tf.variable(tf.tensor1d([3]));
    const opt = new MomentumSgd([w, untouched], 0.9, 0.1);
    let wv = [1, -2];
    let v = [0, 0];
    for (const g of [
      [0.5, 0.25],
      [-1, 2],
    ]) {
      const gt = tf.tensor1d(g);
      opt.apply([gt, null], 0.1);
      gt.dispose();
      v = v.map((vi, i) => 0.9 * vi + g[i] + 0.1 * wv[i]);
      wv = wv.map((x, i) => x - 0.1 * v[i]);
    }
    (await values(w)).forEach((x, i) => expect(x).toBeCloseTo(wv[i], 5));
    expect(await values(untouched)).toEqual([3]);
    opt.dispose();
    tf.dispose([w, untouched]);
  });

  it('Adam matches the bias-corrected update and a rejected step changes nothing', async () => {
    const x = tf.variable(tf.tensor1d([0.5]));
    const opt = new Adam([x], 0);
    const g = tf.tensor1d([2]);
    opt.apply([g], 0.01);
    // first step: m̂ = g, v̂ = g², so the update is lr·sign(g)
    expect((await values(x))[0]).toBeCloseTo(0.49, 5);
    const no = tf.scalar(false, 'bool');
    opt.apply([tf.tensor1d([Number.NaN])], 0.01, no);
    expect((await values(x))[0]).toBeCloseTo(0.49, 5);
    opt.discardLastStep();
    expect(opt.steps).toBe(1);
    opt.apply([g], 0.01, tf.scalar(true, 'bool'));
    expect((await values(x))[0]).toBeCloseTo(0.48, 4);
    opt.dispose();
  });

  it('updates tensors of every shape alike on cpu and on wasm (one flat pass), skipping those without a gradient', async () => {
    const shapes = [[2, 3], [4], [1, 2, 2, 3], [3, 1]];
    const run = async (backend: string) => {
      expect(await tf.setBackend(backend)).toBe(true);
      if (backend === 'wasm') registerWasmCopyKernels();
      const vars = shapes.map((s, i) =>
        tf.variable(
          tf.tensor(
            Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, k) => (k - i) / 3),
            s,
          ),
        ),
      );
      const opt = new MomentumSgd(vars, 0.9, 0.01);
      for (let step = 0; step < 3; step++) {
        const grads = vars.map((v, i) => (i === 2 ? null : tf.mul(tf.onesLike(v), step + i / 2)));
        opt.apply(grads, 0.1);
        tf.dispose(grads.filter((g): g is tf.Tensor => g != null));
      }
      const out = await Promise.all(vars.map(async (v) => ({ shape: v.shape, data: await values(v) })));
      opt.dispose();
      tf.dispose(vars);
      return out;
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(wasm.map((v) => v.shape)).toEqual(shapes);
    wasm.forEach((v, i) => v.data.forEach((x, k) => expect(x).toBeCloseTo(cpu[i].data[k], 5)));
    expect(wasm[2].data).toEqual(Array.from({ length: 12 }, (_, k) => (k - 2) / 3).map((x) => Math.fround(x)));
    await tf.setBackend('cpu');
  });
});
