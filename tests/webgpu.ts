/**
 * tfjs's WebGPU backend for unit tests: Dawn's Node binding on the adapter the environment offers
 * (SwiftShader, set up by vitest.config.ts, where there is no GPU). Fails, never skips, when WebGPU
 * does not start, and `onWebGpu` fails when an op left the backend.
 */
import { expect } from 'vitest';
import { installDawn } from '../bench/dawn';
import { initBackend } from '../src/engine/runtime/backend';
import { tf } from '../src/engine/runtime/tf';

let started = false;

/** Makes webgpu the active backend (Dawn is installed once per test file). */
export async function useWebGpu(): Promise<void> {
  if (!started) {
    await installDawn();
    started = true;
  }
  expect(await initBackend('webgpu'), 'the webgpu backend did not start').toBe(true);
  expect(tf.getBackend()).toBe('webgpu');
}

/** Runs f on cpu and on webgpu from the same inputs and returns both results' values. */
export async function onBoth<T extends tf.Tensor[]>(f: () => T): Promise<{ cpu: Float32Array[]; webgpu: Float32Array[] }> {
  const out: Record<string, Float32Array[]> = {};
  for (const backend of ['cpu', 'webgpu']) {
    if (backend === 'webgpu') await useWebGpu();
    else expect(await tf.setBackend('cpu')).toBe(true);
    const ts = f();
    out[backend] = await Promise.all(ts.map(async (t) => Float32Array.from(await t.data())));
    expect(tf.getBackend()).toBe(backend);
    tf.dispose(ts);
  }
  return { cpu: out.cpu, webgpu: out.webgpu };
}

/** Every element within `rel` of the reference, relative to the reference's largest magnitude. */
export function expectClose(actual: Float32Array, expected: Float32Array, rel = 1e-4, what = 'value'): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const scale = Math.max(1e-6, ...Array.from(expected, Math.abs));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
  expect(worst, `${what}: worst relative error`).toBeLessThanOrEqual(rel);
}
