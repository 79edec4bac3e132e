import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tf } from '../src/engine/runtime/tf';
import { fallbackChain, initBackend, initFirstBackend, probeWebGpu } from '../src/engine/runtime/backend';

const g = globalThis as { navigator?: unknown };
const hadNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');

function stubGpu(adapter: unknown): void {
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu: { requestAdapter: async () => adapter } },
    configurable: true,
    writable: true,
  });
}

afterEach(() => {
  if (hadNavigator) Object.defineProperty(globalThis, 'navigator', hadNavigator);
  else delete g.navigator;
});

describe('probeWebGpu', () => {
  it('reports no WebGPU where navigator.gpu is missing', async () => {
    delete g.navigator;
    expect(await probeWebGpu()).toEqual({ available: false, fallback: false });
  });

  it('reports no WebGPU when no adapter is granted', async () => {
    stubGpu(null);
    expect((await probeWebGpu()).available).toBe(false);
  });

  it('flags a fallback adapter', async () => {
    stubGpu({ isFallbackAdapter: true, info: { vendor: 'google', architecture: '', description: '' } });
    expect(await probeWebGpu()).toMatchObject({ available: true, fallback: true, vendor: 'google' });
  });

  it('flags SwiftShader by name even when the fallback bit is unset', async () => {
    stubGpu({ info: { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader device' } });
    expect((await probeWebGpu()).fallback).toBe(true);
  });

  it('accepts a hardware adapter and reads its info', async () => {
    stubGpu({ info: { vendor: 'nvidia', architecture: 'ampere', description: '' } });
    expect(await probeWebGpu()).toEqual({
      available: true,
      fallback: false,
      vendor: 'nvidia',
      architecture: 'ampere',
      description: undefined,
    });
  });

  it('uses requestAdapterInfo on older implementations', async () => {
    stubGpu({ requestAdapterInfo: async () => ({ vendor: 'apple', architecture: 'metal-3' }) });
    expect(await probeWebGpu()).toMatchObject({ available: true, fallback: false, vendor: 'apple' });
  });
});

describe('fallbackChain', () => {
  it('puts WebGPU first only on a real GPU', () => {
    expect(fallbackChain({ available: true, fallback: false })).toEqual(['webgpu', 'wasm', 'webgl', 'cpu']);
    expect(fallbackChain({ available: true, fallback: true })).toEqual(['wasm', 'webgl', 'cpu']);
    expect(fallbackChain({ available: false, fallback: false })).toEqual(['wasm', 'webgl', 'cpu']);
  });

  it('moves a preferred backend to the front without duplicating it', () => {
    expect(fallbackChain({ available: false, fallback: false }, 'cpu')).toEqual(['cpu', 'wasm', 'webgl']);
    expect(fallbackChain({ available: true, fallback: true }, 'webgpu')).toEqual(['webgpu', 'wasm', 'webgl', 'cpu']);
  });
});

describe('initBackend in Node', () => {
  it('starts cpu and wasm', async () => {
    expect(await initBackend('cpu')).toBe(true);
    expect(tf.getBackend()).toBe('cpu');
    expect(await initBackend('wasm')).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
    const y = tf.matMul(tf.ones([2, 3]), tf.ones([3, 2]));
    expect(Array.from(await y.data())).toEqual([3, 3, 3, 3]);
    y.dispose();
  });

  it('returns false, without throwing, for backends Node lacks, and leaves the active one', async () => {
    expect(await initBackend('cpu')).toBe(true);
    delete g.navigator;
    expect(await initBackend('webgpu')).toBe(false);
    expect(await initBackend('webgl')).toBe(false);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('walks a chain to the first backend that starts', async () => {
    expect(await initFirstBackend(['webgpu', 'webgl', 'wasm', 'cpu'])).toBe('wasm');
    expect(await initFirstBackend(['webgpu', 'webgl'])).toBeNull();
  });
});

describe('served wasm binaries', () => {
  it('are the installed tfjs-backend-wasm build, byte for byte', () => {
    const require = createRequire(import.meta.url);
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    const served = join(__dirname, '..', 'public', 'tfjs-wasm');
    const files = readdirSync(served)
      .filter((f) => f.endsWith('.wasm'))
      .sort();
    expect(files).toEqual(['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm']);
    for (const f of files) expect(readFileSync(join(served, f)).equals(readFileSync(join(dist, f)))).toBe(true);
  });
});
