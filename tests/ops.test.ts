import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../src/engine/runtime/tf';
import * as ops from '../src/engine/nn/ops';
import { samePadding } from '../src/engine/nn/conv-grads';

/**
 * Every hand-written gradient is checked against tfjs's own autodiff on the cpu backend, and
 * run on cpu and wasm (the backend that needs it).
 */

type Arrays = Float32Array[];
type Case = {
  name: string;
  shapes: number[][];
  /** Builds the op's output from the inputs (all differentiated). */
  f: (...xs: tf.Tensor[]) => tf.Tensor;
};

function seeded(shape: number[], seed: number): Float32Array {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Value and gradients of sum(f(xs) · r) for a fixed random r. */
async function valueAndGrads(c: Case): Promise<Arrays> {
  const xs = c.shapes.map((s, i) => tf.tensor(seeded(s, 11 + i), s));
  const y = c.f(...xs);
  const r = tf.tensor(seeded(y.shape, 97), y.shape);
  const grads = tf.grads((...a: tf.Tensor[]) => c.f(...a))(xs, r);
  const out = [await y.data(), ...(await Promise.all(grads.map((g) => g.data())))] as Arrays;
  tf.dispose([...xs, y, r, ...grads]);
  return out;
}

function expectClose(got: Arrays, want: Arrays, label: string): void {
  expect(got.length, label).toBe(want.length);
  want.forEach((w, i) => {
    const g = got[i];
    expect(g.length, `${label} #${i} length`).toBe(w.length);
    let err = 0;
    let scale = 0;
    for (let j = 0; j < w.length; j++) {
      err = Math.max(err, Math.abs(g[j] - w[j]));
      scale = Math.max(scale, Math.abs(w[j]));
    }
    expect(scale, `${label} #${i} is all zeros`).toBeGreaterThan(0);
    expect(err / scale, `${label} #${i}`).toBeLessThan(1e-4);
  });
}

const dwCases: Case[] = [];
for (const size of [8, 7]) {
  for (const k of [3, 5]) {
    for (const s of [1, 2]) {
      dwCases.push({
        name: `depthwise ${size}×${size} k${k} s${s}`,
        shapes: [
          [2, size, size, 6],
          [k, k, 6, 1],
        ],
        f: (x, w) => ops.depthwise(x as tf.Tensor4D, w as tf.Tensor4D, s),
      });
    }
  }
}
const convCases: Case[] = [
  [9, 3, 1],
  [9, 3, 2],
  [8, 3, 2],
  [8, 1, 2],
  [6, 5, 1],
].map(([size, k, s]) => ({
  name: `conv ${size}×${size} k${k} s${s}`,
  shapes: [
    [2, size, size, 3],
    [k, k, 3, 8],
  ],
  f: (x, w) => ops.conv(x as tf.Tensor4D, w as tf.Tensor4D, s),
}));
const bnCase: Case = {
  name: 'batchNormTrain',
  shapes: [[3, 5, 4, 6], [6], [6]],
  // The relu makes dy depend on x, so the statistics' share of the gradient is exercised.
  f: (x, g, b) => ops.batchNormTrain(tf.relu(tf.mul(x, 3)) as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D).y,
};
const groupedCase: Case = {
  name: 'pointwise g2',
  shapes: [
    [2, 3, 3, 8],
    [2, 4, 6],
  ],
  f: (x, w) => ops.pointwise(x as tf.Tensor4D, w as tf.Tensor3D, 2),
};

/** The reference: tfjs autodiff through the plain ops, cpu backend. */
function reference(c: Case): Case {
  if (c === groupedCase) {
    return {
      ...c,
      f: (x, w) => {
        const [x0, x1] = tf.split(x, 2, 3);
        const [w0, w1] = tf.unstack(w).map((t) => t.expandDims(0).expandDims(0) as tf.Tensor4D);
        return tf.concat([tf.conv2d(x0 as tf.Tensor4D, w0, 1, 'same'), tf.conv2d(x1 as tf.Tensor4D, w1, 1, 'same')], 3);
      },
    };
  }
  if (c === bnCase) {
    return {
      ...c,
      f: (x, g, b) => {
        const h = tf.relu(tf.mul(x, 3));
        const { mean, variance } = tf.moments(h, [0, 1, 2]);
        return tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, ops.BN_EPSILON))), g), b);
      },
    };
  }
  return c;
}

const allCases = [...dwCases, ...convCases, bnCase, groupedCase];
const want = new Map<string, Arrays>();

beforeAll(async () => {
  await tf.setBackend('cpu');
  ops.configureOps({ grad: 'autodiff', bn: 'fused', grouped: 'split' });
  for (const c of allCases) want.set(c.name, await valueAndGrads(reference(c)));
});

afterAll(() => {
  ops.configureOps({ grad: 'auto', grouped: 'auto', bn: 'auto' });
});

describe('samePadding', () => {
  it("matches TensorFlow's rule: the odd pixel goes after", () => {
    expect(samePadding(8, 3, 2)).toEqual({ out: 4, before: 0, after: 1 });
    expect(samePadding(7, 3, 2)).toEqual({ out: 4, before: 1, after: 1 });
    expect(samePadding(8, 5, 2)).toEqual({ out: 4, before: 1, after: 2 });
    expect(samePadding(9, 5, 1)).toEqual({ out: 9, before: 2, after: 2 });
  });
});

for (const backend of ['cpu', 'wasm']) {
  describe(`custom gradients on ${backend}`, () => {
    beforeAll(async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      ops.configureOps({ grad: 'custom', bn: 'custom' });
    });

    for (const c of [...dwCases, ...convCases, bnCase]) {
      it(`${c.name}: value and gradients equal cpu autodiff`, async () => {
        expectClose(await valueAndGrads(c), want.get(c.name)!, c.name);
      });
    }

    for (const grouped of ['split', 'blockdiag'] as const) {
      it(`grouped pointwise (${grouped}) equals per-group convs`, async () => {
        ops.configureOps({ grouped });
        expectClose(await valueAndGrads(groupedCase), want.get(groupedCase.name)!, `${groupedCase.name} ${grouped}`);
      });
    }

    it('keeps the tensor count flat across training steps', async () => {
      ops.configureOps({ grouped: 'auto' });
      const w1 = tf.variable(tf.tensor(seeded([2, 4, 6], 3), [2, 4, 6]));
      const wd = tf.variable(tf.tensor(seeded([5, 5, 12, 1], 4), [5, 5, 12, 1]));
      const ws = tf.variable(tf.tensor(seeded([3, 3, 3, 8], 5), [3, 3, 3, 8]));
      const g = tf.variable(tf.ones([12]));
      const b = tf.variable(tf.zeros([12]));
      const img = tf.tensor(seeded([2, 10, 10, 3], 6), [2, 10, 10, 3]) as tf.Tensor4D;
      const opt = tf.train.sgd(0.01);
      const step = async () => {
        const loss = opt.minimize(() => {
          const stem = ops.conv(img, ws as unknown as tf.Tensor4D, 2);
          const h = ops.channelShuffle(ops.pointwise(stem, w1 as unknown as tf.Tensor3D, 2), 2);
          const bn = ops.batchNormTrain(h, g as unknown as tf.Tensor1D, b as unknown as tf.Tensor1D);
          const y = ops.depthwise(tf.relu(bn.y) as tf.Tensor4D, wd as unknown as tf.Tensor4D, 2);
          return tf.mean(tf.square(y)) as tf.Scalar;
        }, true)!;
        const v = (await loss.data())[0];
        loss.dispose();
        return v;
      };
      const first = await step();
      const before = tf.memory().numTensors;
      let last = first;
      for (let i = 0; i < 3; i++) last = await step();
      expect(tf.memory().numTensors).toBe(before);
      expect(last).toBeLessThan(first);
      tf.dispose([w1, wd, ws, g, b, img]);
    });
  });
}

describe('channelShuffle', () => {
  it('interleaves the groups', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor4d([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15], [1, 1, 2, 6]);
    const y = ops.channelShuffle(x, 2);
    expect(Array.from(await y.data())).toEqual([0, 3, 1, 4, 2, 5, 10, 13, 11, 14, 12, 15]);
    tf.dispose([x, y]);
  });
});
