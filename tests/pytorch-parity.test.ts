/**
 * The exported search's PyTorch supernet against the engine's: the same weights, θ, Gumbel noise and
 * batch give the same logits, losses, E[LAT] and θ gradient (1e-4 relative), in mixture and sampled
 * mode, on a space with every block, identity and projection skips, and stride 2 on even and odd sizes
 * (TF "same" padding is asymmetric there).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { BLOCK_NAMES, NUM_BLOCKS } from '../src/engine/space/blocks';
import { denseTable } from '../src/engine/lut/latency';
import { expectedLatencyMs, searchLoss } from '../src/engine/search/loss';
import { ParamStore } from '../src/engine/nn/params';
import { Supernet } from '../src/engine/nn/supernet';
import { Rng } from '../src/engine/rng';
import { gumbelNoise, gumbelSoftmax, straightThrough } from '../src/engine/search/sampling';
import { makeSpace, numLayers } from '../src/engine/space/space';
import { syntheticTable } from './synthetic';

const PYTHON = '/usr/bin/python3';
const PACKAGE_DIR = fileURLToPath(new URL('../python/fbnet_search/', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./python/parity.py', import.meta.url));

const space = makeSpace({
  inputSize: 10,
  inputChannels: 2,
  numClasses: 5,
  stem: { channels: 8, stride: 1 },
  stages: [
    { channels: 16, layers: 1, stride: 1 }, // projection skip, stride 1
    { channels: 16, layers: 2, stride: 2 }, // 10 → 5 (asymmetric padding), then identity skip
    { channels: 24, layers: 1, stride: 2 }, // 5 → 3 (odd input)
  ],
  headChannels: 32,
});
const L = numLayers(space);
const K = NUM_BLOCKS;
const B = 16;
const SEED = 11;
const [TAU, ALPHA, BETA, TARGET_MS] = [1.5, 0.7, 0.8, 3];

interface Side {
  logits: number[];
  ce: number;
  lat: number;
  paper: number;
  additive: number;
  target: number;
  gradTheta: number[];
  gradW: (number[] | null)[];
}

const maxRel = (a: number[], b: number[]) => {
  const scale = Math.max(...b.map(Math.abs));
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]))) / scale;
};
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

async function engineSide(
  net: Supernet,
  x: tf.Tensor4D,
  labels: number[],
  theta: Float32Array,
  noise: Float32Array,
  path: number[] | null,
): Promise<Side> {
  const table = syntheticTable(space);
  const lut = tf.tensor2d(denseTable(table));
  const thetaVar = net.theta;
  thetaVar.assign(tf.tensor2d(theta, [L, K]));
  let out: Omit<Side, 'gradTheta' | 'gradW'> | null = null;
  let ceOf: (() => tf.Scalar) | null = null;
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), space.numClasses);
  const g = path ? tf.tensor(noise.subarray(0, L * K), [L, K]) : tf.tensor(noise, [B, L, K]);
  const { grads } = tf.variableGrads(() => {
    const soft = gumbelSoftmax(thetaVar, net.bias, g, TAU);
    const m = path ? straightThrough(soft as tf.Tensor2D, path) : soft;
    const logits = path ? net.forwardPath(x, path, m as tf.Tensor2D, { training: true }) : net.forward(x, m, { training: true });
    const ce = tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
    ceOf = () => {
      const mw = path
        ? straightThrough(gumbelSoftmax(thetaVar, net.bias, g, TAU) as tf.Tensor2D, path)
        : gumbelSoftmax(thetaVar, net.bias, g, TAU);
      const lw = path ? net.forwardPath(x, path, mw as tf.Tensor2D, { training: true }) : net.forward(x, mw, { training: true });
      return tf.losses.softmaxCrossEntropy(y, lw) as tf.Scalar;
    };
    const lat = tf.mean(expectedLatencyMs(m, lut, table.fixedMs)) as tf.Scalar;
    const paper = searchLoss(ce, lat, { alpha: ALPHA, beta: BETA, targetMs: TARGET_MS, form: 'paper' });
    out = {
      logits: Array.from(logits.dataSync()),
      ce: ce.dataSync()[0],
      lat: lat.dataSync()[0],
      paper: paper.dataSync()[0],
      additive: searchLoss(ce, lat, { alpha: ALPHA, beta: BETA, targetMs: TARGET_MS, form: 'additive' }).dataSync()[0],
      target: searchLoss(ce, lat, { alpha: ALPHA, beta: BETA, targetMs: TARGET_MS, form: 'target' }).dataSync()[0],
    };
    return paper;
  }, [thetaVar]);
  const gradTheta = Array.from(await grads[thetaVar.name].data());
  tf.dispose(Object.values(grads));
  const wg = tf.variableGrads(ceOf!, net.weights).grads;
  const gradW = await Promise.all(net.weights.map(async (v) => (wg[v.name] ? Array.from(await wg[v.name].data()) : null)));
  tf.dispose([...Object.values(wg), y, g]);
  lut.dispose();
  return { ...out!, gradTheta, gradW };
}

function pythonSide(input: unknown): Record<'mixture' | 'sampled', Side> {
  const out = execFileSync(PYTHON, [SCRIPT], {
    input: JSON.stringify(input),
    env: { ...process.env, FBNET_SEARCH_DIR: PACKAGE_DIR },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('PyTorch supernet parity', () => {
  it('matches the engine on logits, losses, E[LAT] and dL/dθ for exported weights and for the seeded init', async () => {
    const initRng = Rng.fromSeed(SEED, 0);
    const net = new Supernet(space, initRng);
    const store = ParamStore.createdWith(initRng)!;
    const dataRng = Rng.fromSeed(5, 9);
    // Weights moved off their init (BN γ/β and running stats included) so a wrong mapping cannot hide.
    for (const v of store.all) v.assign(tf.tidy(() => tf.add(v, tf.mul(tf.randomNormal(v.shape, 0, 0.3, 'float32', 3), 1))));
    const xs = Float32Array.from({ length: B * 10 * 10 * 2 }, () => dataRng.normal());
    const x = tf.tensor4d(xs, [B, 10, 10, 2]);
    const labels = Array.from({ length: B }, (_, i) => i % space.numClasses);
    const theta = Float32Array.from({ length: L * K }, () => dataRng.normal());
    const noise = gumbelNoise(dataRng, B * L * K);
    const path = Array.from({ length: L }, (_, l) => (l * 4 + 1) % K);
    expect(new Set(path.concat(Array.from({ length: K }, (_, i) => i))).size).toBe(K);
    const variables = await Promise.all(store.all.map(async (v) => Array.from(await v.data())));
    const table = syntheticTable(space);
    const input = {
      space,
      xShape: [B, 10, 10, 2],
      x: Array.from(xs),
      labels,
      theta: Array.from(theta),
      noise: Array.from(noise),
      path,
      tau: TAU,
      alpha: ALPHA,
      beta: BETA,
      targetMs: TARGET_MS,
      lut: denseTable(table),
      fixedMs: table.fixedMs,
    };
    const want = {
      mixture: await engineSide(net, x, labels, theta, noise, null),
      sampled: await engineSide(net, x, labels, theta, noise, path),
    };
    const got = pythonSide({ ...input, variables });
    const figures: Record<string, number> = {};
    for (const mode of ['mixture', 'sampled'] as const) {
      const [g, w] = [got[mode], want[mode]];
      figures[`${mode}.logits`] = maxRel(g.logits, w.logits);
      for (const k of ['ce', 'lat', 'paper', 'additive', 'target'] as const) figures[`${mode}.${k}`] = rel(g[k], w[k]);
      figures[`${mode}.gradTheta`] = maxRel(g.gradTheta, w.gradTheta);
      // Blocks a sampled path skips get no gradient on either side.
      expect(g.gradW.map((x) => x === null)).toEqual(w.gradW.map((x) => x === null || x.every((v) => v === 0)));
      // Every weight's CE gradient, against the largest of them: some are zero in exact arithmetic (a BN
      // shift followed by another BN) and float noise in both.
      const flat = (gs: (number[] | null)[]) => gs.flatMap((x, i) => x ?? w.gradW[i]?.map(() => 0) ?? []);
      figures[`${mode}.gradW`] = maxRel(flat(g.gradW), flat(w.gradW));
    }
    console.log(`parity (max relative error): ${JSON.stringify(figures)}`);
    for (const [k, v] of Object.entries(figures)) expect(v, k).toBeLessThan(1e-4);
    expect(want.mixture.lat).not.toBeCloseTo(want.sampled.lat, 3);

    // The seeded initialisation itself: a fresh engine supernet from the same seed, weights not loaded.
    const fresh = new Supernet(space, Rng.fromSeed(SEED, 0));
    const freshWant = await engineSide(fresh, x, labels, theta, noise, null);
    const freshGot = pythonSide({ ...input, variables: null, seed: SEED }).mixture;
    expect(maxRel(freshGot.logits, freshWant.logits)).toBeLessThan(1e-4);
    fresh.dispose();
    net.dispose();
    x.dispose();
    expect(BLOCK_NAMES.length).toBe(K);
  });
});
