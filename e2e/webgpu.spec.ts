import { expect } from '@playwright/test';
import { openStudio, status, test, waitForStep } from './helpers';

// Headless Chromium's WebGPU is SwiftShader: correct but very slow, so this runs the smallest search there is.
test('a forced WebGPU backend runs a couple of steps', async ({ page }) => {
  await openStudio(page, { backend: 'webgpu', mode: 'sampled', trainSamples: '48', testSamples: '8', epochs: '2', samples: '1' });
  await expect(page.getByTestId('active-backend')).toHaveText('webgpu');
  await expect(page.getByTestId('gpu-adapter')).toContainText('fallback');
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 2, 360_000);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status(page)).toHaveText('done', { timeout: 120_000 });
});
