import { defineConfig } from '@playwright/test';
// Debian's Chromium; override with CHROMIUM_PATH elsewhere.
import { BASE_FLAGS, CHROMIUM_PATH as executablePath, WEBGPU_FLAG } from './e2e/chromium';

const PORT = Number(process.env.E2E_PORT ?? 5199);
const origin = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'e2e',
  // Training is CPU-bound: one browser at a time keeps step times (and timeouts) predictable on two cores.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: process.env.CI ? [['line']] : [['list']],
  use: {
    baseURL: origin,
    viewport: { width: 1440, height: 1000 },
    acceptDownloads: true,
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npx vite --port ${PORT} --strictPort --host 127.0.0.1`,
    url: origin,
    reuseExistingServer: !process.env.CI,
    env: { STUDIO_NO_HMR: '1' },
    timeout: 120_000,
  },
  projects: [
    {
      name: 'cpu',
      testIgnore: /webgpu\.spec\.ts/,
      use: { browserName: 'chromium', launchOptions: { executablePath, args: BASE_FLAGS } },
    },
    {
      name: 'webgpu',
      testMatch: /webgpu\.spec\.ts/,
      timeout: 420_000,
      use: { browserName: 'chromium', launchOptions: { executablePath, args: [...BASE_FLAGS, WEBGPU_FLAG] } },
    },
  ],
});
