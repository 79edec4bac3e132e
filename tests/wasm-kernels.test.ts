import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../src/engine/runtime/tf';
import { registerWasmCopyKernels } from '../src/engine/runtime/wasm-kernels';
import { Rng } from '../src/engine/rng';

/** The wasm copy kernels must give exactly what the cpu backend gives, for every dtype they take. */
const rng = Rng.fromSeed(3, 1);
const values = (n: number) => Float32Array.from({ length: n }, () => Math.round(rng.normal() * 100) / 7);

async function on<_T>(backend: string, f: () => tf.Tensor | tf.Tensor[]): Promise<{ shape: number[]; dtype: string; data: number[] }[]> {
  await tf.setBackend(backend);
  const out = tf.tidy(f);
  const list = Array.isArray(out) ? out : [out];
  const res = await Promise.all(list.map(async (t) => ({ shape: t.shape, dtype: t.dtype, data: Array.from(await t.data()) as number[] })));
  tf.dispose(list);
  return res;
}

const x4 = values(3 * 4 * 5 * 6);
const cases: { what: string; f: () => tf.Tensor | tf.Tensor[] }[] = [
  { what: 'slice of the channel axis', f: () => tf.slice(tf.tensor4d(x4, [3, 4, 5, 6]), [0, 0, 0, 2], [-1, -1, -1, 3]) },
  { what: 'slice inside every axis', f: () => tf.slice(tf.tensor4d(x4, [3, 4, 5, 6]), [1, 1, 2, 1], [2, 2, 3, 4]) },
  { what: 'contiguous slice of the first axis', f: () => tf.slice(tf.tensor4d(x4, [3, 4, 5, 6]), [1, 0, 0, 0], [1, -1, -1, -1]) },
  { what: 'slice of a 1-D tensor', f: () => tf.slice(tf.tensor1d(x4), [7], [11]) },
  {
    what: 'slice of an int32 tensor',
    f: () =>
      tf.slice(
        tf.tensor2d(
          Int32Array.from({ length: 20 }, (_, i) => i * 3 - 7),
          [4, 5],
          'int32',
        ),
        [1, 2],
        [2, 3],
      ),
  },
  {
    what: 'slice of a bool tensor',
    f: () => tf.slice(tf.tensor2d([true, false, true, true, false, false], [2, 3], 'bool'), [0, 1], [2, 2]),
  },
  { what: 'split along channels into unequal parts', f: () => tf.split(tf.tensor4d(x4, [3, 4, 5, 6]), [1, 3, 2], 3) },
  { what: 'split along a middle axis', f: () => tf.split(tf.tensor4d(x4, [3, 4, 5, 6]), [2, 2], 1) },
  { what: 'split of a flat vector', f: () => tf.split(tf.tensor1d(x4), [100, 0, 260]) },
  { what: 'concat along channels', f: () => tf.concat([tf.tensor4d(x4, [3, 4, 5, 6]), tf.tensor4d(x4.slice(0, 120), [3, 4, 5, 2])], 3) },
  {
    what: 'concat along the first axis, with an empty part',
    f: () => tf.concat([tf.tensor2d(x4.slice(0, 12), [2, 6]), tf.zeros([0, 6]), tf.tensor2d(x4.slice(12, 30), [3, 6])], 0),
  },
  { what: 'concat of int32', f: () => tf.concat([tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([4], 'int32')]) },
];

beforeAll(async () => {
  await tf.setBackend('wasm');
  registerWasmCopyKernels();
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('wasm copy kernels', () => {
  for (const c of cases) {
    it(`${c.what}: same shapes, dtypes and values as the cpu backend`, async () => {
      const want = await on('cpu', c.f);
      const got = await on('wasm', c.f);
      expect(got).toEqual(want);
    });
  }

  it('the gradient of a split (a concat) is right on wasm', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d(values(24), [4, 6]);
    const g = tf.grad((a: tf.Tensor) => {
      const [p, q] = tf.split(a, [2, 4], 1);
      return tf.add(tf.sum(tf.mul(p, 2)), tf.sum(tf.mul(q, 3)));
    })(x);
    expect(Array.from(await g.data())).toEqual(Array.from({ length: 24 }, (_, i) => (i % 6 < 2 ? 2 : 3)));
    tf.dispose([x, g]);
  });
});

describe('wasm transpose', () => {
  const shapes: [number[], number[]][] = [
    [
      [5, 7],
      [1, 0],
    ],
    [
      [3, 4, 5, 6],
      [1, 2, 0, 3],
    ],
    [
      [3, 4, 5, 6],
      [0, 1, 3, 2],
    ],
    [
      [2, 3, 4, 2, 5],
      [0, 1, 2, 4, 3],
    ],
    [
      [2, 3, 4, 5],
      [3, 2, 1, 0],
    ],
    [
      [2, 3, 4, 5],
      [0, 1, 2, 3],
    ],
    [
      [4, 40, 20],
      [0, 2, 1],
    ],
    [
      [4, 3, 40],
      [1, 0, 2],
    ],
  ];
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerWasmCopyKernels();
  });
  for (const [shape, perm] of shapes) {
    it(`[${shape}] by [${perm}] equals the cpu backend`, async () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = values(n);
      const f = () => tf.transpose(tf.tensor(data, shape), perm);
      expect(await on('wasm', f)).toEqual(await on('cpu', f));
    });
  }
  it('transposes int32 and bool', async () => {
    const fi = () =>
      tf.transpose(
        tf.tensor2d(
          Int32Array.from({ length: 12 }, (_, i) => i - 5),
          [3, 4],
          'int32',
        ),
      );
    expect(await on('wasm', fi)).toEqual(await on('cpu', fi));
    const fb = () => tf.transpose(tf.tensor2d([true, false, false, true, true, false], [2, 3], 'bool'));
    expect(await on('wasm', fb)).toEqual(await on('cpu', fb));
  });
});
