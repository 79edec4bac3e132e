import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { BLOCK_NAMES } from '../src/engine/space/blocks';
import { makeBlock } from '../src/engine/nn/block';
import { FusedLayer } from '../src/engine/nn/fused-layer';
import { ParamStore } from '../src/engine/nn/params';
import { Rng } from '../src/engine/rng';
import type { LayerShape } from '../src/engine/space/space';
import { forceJobLanes, jobLanes } from '../src/engine/webgpu/backend-access';
import { countDispatches } from '../src/engine/webgpu/counter';
import { cases, close, mixture, randn, run, type Outcome } from './fused-layer-cases';
import { useWebGpu } from './webgpu';

/** Odd spatial size and channels, stride 2, a projection skip: the kernels' index arithmetic off the powers of two. */
const odd: LayerShape = { index: 0, stage: 0, inputSize: 5, outputSize: 3, cIn: 6, cOut: 10, stride: 2, identitySkip: false };
const all = [...cases, { what: 'odd sizes (5×5, 6→10 channels), stride 2', shape: odd, allowed: BLOCK_NAMES }];

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** The fused layer on `backend` from the same seeds: value, gradients, running averages, inference. */
async function outcome(
  backend: 'cpu' | 'webgpu',
  c: (typeof all)[number],
  rows: number,
): Promise<{ out: Outcome; layerDispatches: number }> {
  if (backend === 'webgpu') await useWebGpu();
  else expect(await tf.setBackend('cpu')).toBe(true);
  const allowed = BLOCK_NAMES.map((b) => c.allowed.includes(b));
  const store = new ParamStore(Rng.fromSeed(4));
  const blocks = BLOCK_NAMES.map((b, i) => (allowed[i] ? makeBlock(b, c.shape, store) : null));
  const x = randn([3, c.shape.inputSize, c.shape.inputSize, c.shape.cIn], 5) as tf.Tensor4D;
  const m = mixture(rows, allowed, 6);
  const fused = new FusedLayer(blocks, c.shape);
  const counter = backend === 'webgpu' ? countDispatches() : null;
  const out = await run(blocks, store, x, m, (ctx) => fused.forward(x, m, ctx));
  const count = counter?.read();
  counter?.stop();
  expect(tf.getBackend()).toBe(backend);
  fused.dispose();
  store.dispose();
  tf.dispose([x, m]);
  return { out, layerDispatches: count?.byKernel.LayerExpandStatsProgram ?? 0 };
}

/** The kernels' result on `c` against the cpu backend's. */
async function expectSameAsCpu(c: (typeof all)[number], rows: number): Promise<void> {
  const want = (await outcome('cpu', c, rows)).out;
  const { out: got, layerDispatches } = await outcome('webgpu', c, rows);
  const convs = c.allowed.filter((b) => b !== 'skip').length;
  // The conv candidates ran in the layer kernels (not tfjs's ops); a skip-only layer has none.
  if (convs > 0) expect(layerDispatches).toBeGreaterThan(0);
  else expect(layerDispatches).toBe(0);
  close(got.y, want.y, 'output', 1e-4);
  // BN1's γ gradient vanishes in exact arithmetic (BN2 normalises the scale away after a ReLU with
  // β = 0): both backends return float32 noise of order 1e-5 there, so scales are floored at 0.1.
  want.grads.forEach((g, i) => close(got.grads[i], g, `gradient ${i}`, 1e-4, 0.1));
  want.running.forEach((r, i) => close(got.running[i], r, `running average ${i}`, 1e-4));
  close(got.inferred, want.inferred, 'output at inference', 1e-4);
}

describe('fused mixture layer in the WebGPU kernels equals the cpu backend', () => {
  for (const c of all) {
    for (const rows of [3, 1]) {
      // Minutes on a busy machine: SwiftShader compiles the pipelines of the first case.
      it(
        `${c.what}, ${rows === 1 ? 'one mixture for the batch' : 'a mixture per sample'}: value, every gradient, the running averages, inference`,
        {
          timeout: 400_000,
        },
        () => expectSameAsCpu(c, rows),
      );
    }
  }
});

describe('the work-group design a GPU adapter gets (64 threads per job, barrier reductions)', () => {
  it('is chosen by the adapter: one thread per job on a CPU adapter, 64 on a GPU', () => {
    expect(jobLanes({ adapterInfo: { vendor: 'google', architecture: 'swiftshader' } })).toBe(1);
    expect(jobLanes({ adapterInfo: { vendor: 'mesa', architecture: 'llvmpipe' } })).toBe(1);
    expect(jobLanes({ adapterInfo: { vendor: 'nvidia', architecture: 'ampere' } })).toBe(64);
    expect(jobLanes({})).toBe(64);
  });
  for (const c of [all[0], all[all.length - 1]]) {
    it(`equals the cpu backend too: ${c.what}, a mixture per sample`, { timeout: 400_000 }, async () => {
      forceJobLanes(64);
      try {
        await expectSameAsCpu(c, 3);
      } finally {
        forceJobLanes(null);
      }
    });
  }
});
