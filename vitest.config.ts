import { defineConfig } from 'vitest/config';
import { dawnEnv } from './bench/dawn';

// The WebGPU tests run tfjs's WebGPU backend on Dawn for Node; without a GPU, on Chromium's
// SwiftShader, whose Vulkan loader must be on the library path when a test process starts.
Object.assign(process.env, dawnEnv());

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
