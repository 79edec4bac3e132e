import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { expectedLatencyMs, searchLoss, searchLossValue } from '../src/engine/search/loss';
import { DEFAULT_TARGET_SHARE, resolveTargetMs, uniformLatencyMs } from '../src/engine/search/target';
import { gumbelNoise, gumbelSoftmax, maskBias, sampleFromProbabilities, straightThrough } from '../src/engine/search/sampling';
import { Rng } from '../src/engine/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const L = 3;
const K = 9;
// Layer 2 allows only blocks 0, 4 and 8.
const mask = Array.from({ length: L }, (_, l) => Array.from({ length: K }, (_, i) => l !== 2 || [0, 4, 8].includes(i)));
const thetaValues = Array.from({ length: L * K }, (_, i) => Math.sin(i * 1.7) * 1.5);
const lutValues = Array.from({ length: L * K }, (_, i) => 0.2 + ((i * 37) % 11) / 10);

function softmaxRows(v: number[], bias: boolean[][]): number[][] {
  return bias.map((row, l) => {
    const e = row.map((ok, i) => (ok ? Math.exp(v[l * K + i]) : 0));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  });
}

describe('Gumbel-softmax weights', () => {
  it('sum to 1 per sample and layer, give masked blocks exactly 0, and stay finite at tiny τ', async () => {
    const theta = tf.tensor2d(thetaValues, [L, K]);
    const bias = maskBias(mask);
    const noise = tf.tensor(gumbelNoise(Rng.fromSeed(1), 64 * L * K), [64, L, K]);
    for (const tau of [5, 1, 0.01]) {
      const m = gumbelSoftmax(theta, bias, noise, tau);
      const v = await m.data();
      const sums = await tf.sum(m, -1).data();
      expect(Array.from(sums).every((s) => Math.abs(s - 1) < 1e-5)).toBe(true);
      expect(Array.from(v).every(Number.isFinite)).toBe(true);
      for (let b = 0; b < 64; b++) for (let i = 0; i < K; i++) if (!mask[2][i]) expect(v[b * L * K + 2 * K + i]).toBe(0);
      m.dispose();
    }
    tf.dispose([theta, bias, noise]);
  });

  it('average to softmax(θ) over many draws at low temperature', async () => {
    const N = 20000;
    const theta = tf.tensor2d(thetaValues, [L, K]);
    const bias = maskBias(mask);
    const noise = tf.tensor(gumbelNoise(Rng.fromSeed(2), N * L * K), [N, L, K]);
    const mean = tf.mean(gumbelSoftmax(theta, bias, noise, 0.05), 0);
    const got = await mean.data();
    const want = softmaxRows(thetaValues, mask).flat();
    const err = Math.max(...want.map((w, i) => Math.abs(w - got[i])));
    expect(err).toBeLessThan(0.02);
    tf.dispose([theta, bias, noise, mean]);
  });

  it("straight-through: the value is one-hot, the gradient is the soft weights' gradient", async () => {
    const theta = tf.tensor2d(thetaValues, [L, K]);
    const bias = maskBias(mask);
    const noise = tf.tensor(gumbelNoise(Rng.fromSeed(3), L * K), [L, K]);
    const lut = tf.tensor2d(lutValues, [L, K]);
    const choice = [1, 5, 4];
    const hardOut = straightThrough(gumbelSoftmax(theta, bias, noise, 1) as tf.Tensor2D, choice);
    const v = await hardOut.data();
    expect(Array.from(v)).toEqual(choice.flatMap((c) => Array.from({ length: K }, (_, i) => (i === c ? 1 : 0))));
    const gHard = tf.grad((t: tf.Tensor) =>
      tf.sum(tf.mul(straightThrough(gumbelSoftmax(t as tf.Tensor2D, bias, noise, 1) as tf.Tensor2D, choice), lut)),
    )(theta);
    const gSoft = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gumbelSoftmax(t as tf.Tensor2D, bias, noise, 1), lut)))(theta);
    const d = Array.from(await tf.sub(gHard, gSoft).abs().max().data())[0];
    expect(d).toBeLessThan(1e-6);
    expect(Array.from(await gHard.abs().max().data())[0]).toBeGreaterThan(1e-3);
  });

  it('samples architectures with the frequencies of P_θ and never a masked block', () => {
    const probs = softmaxRows(thetaValues, mask);
    const rng = Rng.fromSeed(4);
    const counts = probs.map((r) => r.map(() => 0));
    const N = 20000;
    for (let n = 0; n < N; n++) sampleFromProbabilities(probs, rng).forEach((b, l) => counts[l][b]++);
    counts.forEach((row, l) => row.forEach((c, i) => expect(Math.abs(c / N - probs[l][i])).toBeLessThan(0.015)));
    mask[2].forEach((ok, i) => !ok && expect(counts[2][i]).toBe(0));
  });
});

describe('latency model and loss', () => {
  it('∂E[LAT]/∂θ matches finite differences', async () => {
    const bias = maskBias(mask);
    const noise = tf.tensor(gumbelNoise(Rng.fromSeed(5), 4 * L * K), [4, L, K]);
    const lut = tf.tensor2d(lutValues, [L, K]);
    const tau = 0.8;
    const f = (t: tf.Tensor) => tf.mean(expectedLatencyMs(gumbelSoftmax(t as tf.Tensor2D, bias, noise, tau), lut, 2.5)) as tf.Scalar;
    const g = await tf
      .grad(f)(tf.tensor2d(thetaValues, [L, K]))
      .data();
    const eps = 1e-2;
    for (const i of [0, 4, 13, 18, 22, 26]) {
      const plus = [...thetaValues];
      const minus = [...thetaValues];
      plus[i] += eps;
      minus[i] -= eps;
      const fp = (await f(tf.tensor2d(plus, [L, K])).data())[0];
      const fm = (await f(tf.tensor2d(minus, [L, K])).data())[0];
      const fd = (fp - fm) / (2 * eps);
      expect(Math.abs(g[i] - fd)).toBeLessThan(2e-3 + 0.02 * Math.abs(fd));
    }
    // a masked block's logit has no effect on E[LAT]
    expect(g[2 * K + 1]).toBe(0);
    tf.dispose([bias, noise, lut]);
  });

  it('E[LAT] is Σ m·LUT + fixed per sample', async () => {
    const m = tf.tensor3d([
      [
        [0.5, 0.5],
        [1, 0],
      ],
      [
        [0, 1],
        [0.25, 0.75],
      ],
    ]);
    const lut = tf.tensor2d([
      [2, 4],
      [10, 20],
    ]);
    expect(Array.from(await expectedLatencyMs(m, lut, 1).data())).toEqual([3 + 10 + 1, 4 + 17.5 + 1]);
  });

  it('computes the paper form CE·α·(log LAT_µs)^β and the additive form CE + α·(log LAT_µs)^β', async () => {
    const ce = tf.scalar(2);
    const lat = tf.scalar(10); // 10 ms = 10 000 µs
    const logUs = Math.log(10000);
    const paper = (await searchLoss(ce, lat, { alpha: 0.2, beta: 0.6, form: 'paper', targetMs: 1 }).data())[0];
    const additive = (await searchLoss(ce, lat, { alpha: 0.2, beta: 0.6, form: 'additive', targetMs: 1 }).data())[0];
    expect(paper).toBeCloseTo(2 * 0.2 * Math.pow(logUs, 0.6), 4);
    expect(additive).toBeCloseTo(2 + 0.2 * Math.pow(logUs, 0.6), 4);
    expect(paper).toBeCloseTo(searchLossValue(2, 10, { alpha: 0.2, beta: 0.6, form: 'paper', targetMs: 1 }), 4);
    expect((await searchLoss(ce, lat, { alpha: 0.2, beta: 0, form: 'paper', targetMs: 1 }).data())[0]).toBeCloseTo(0.4, 6); // β = 0: accuracy only
    // sub-µs latency: clamped, no NaN from a fractional power of a negative log
    expect(Number.isFinite((await searchLoss(ce, tf.scalar(1e-6), { alpha: 0.2, beta: 0.6, form: 'paper', targetMs: 1 }).data())[0])).toBe(
      true,
    );
  });

  it('computes the target form CE·max(1, LAT/T)^β: no pressure below T, β % per 1 % above it', async () => {
    const w = { alpha: 0.2, beta: 0.6, form: 'target' as const, targetMs: 8 };
    const at = async (latMs: number, beta = 0.6) => {
      const lat = tf.variable(tf.scalar(latMs));
      const { value, grads } = tf.variableGrads(() => searchLoss(tf.scalar(2), lat, { ...w, beta }), [lat]);
      const out = [(await value.data())[0], (await grads[lat.name].data())[0]];
      tf.dispose([lat, value, grads[lat.name]]);
      return out;
    };
    const [below, gBelow] = await at(6);
    expect(below).toBeCloseTo(2, 6);
    expect(gBelow).toBe(0);
    const [above, gAbove] = await at(10);
    expect(above).toBeCloseTo(2 * Math.pow(10 / 8, 0.6), 5);
    expect(above).toBeCloseTo(searchLossValue(2, 10, w), 5);
    // d loss / d LAT = β · loss / LAT above T
    expect(gAbove).toBeCloseTo((0.6 * above) / 10, 5);
    const [off, gOff] = await at(10, 0);
    expect(off).toBeCloseTo(2, 6);
    expect(gOff).toBe(0);
  });

  it('gives no latency gradient at β = 0 in every form', async () => {
    for (const form of ['paper', 'additive', 'target'] as const) {
      const lat = tf.variable(tf.scalar(12));
      const { value, grads } = tf.variableGrads(() => searchLoss(tf.scalar(2), lat, { alpha: 0.5, beta: 0, form, targetMs: 5 }), [lat]);
      expect((await grads[lat.name].data())[0]).toBe(0);
      tf.dispose([lat, value, grads[lat.name]]);
    }
  });

  it('puts the default target at a share of the uniform E[LAT] over allowed blocks', () => {
    const lut = [
      [1, 3, 100],
      [2, 4, 6],
    ];
    const mask = [
      [true, true, false],
      [true, true, true],
    ];
    expect(uniformLatencyMs(lut, mask, 1)).toBeCloseTo(2 + 4 + 1, 9);
    expect(resolveTargetMs(undefined, lut, mask, 1)).toBeCloseTo(Math.round(DEFAULT_TARGET_SHARE * 70) / 10, 9);
    expect(resolveTargetMs(3.3, lut, mask, 1)).toBe(3.3);
  });
});
