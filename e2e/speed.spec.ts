import { expect } from '@playwright/test';
import { openStudio, test, waitForStep } from './helpers';

test('auto measures the backends once, shows the timings, caches them, and runs sampled mode on the winner', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');

  await openStudio(page, { mode: 'sampled' });
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const probe = page.getByTestId('backend-probe');
  await expect(probe).toContainText(/auto picked wasm · probe on a tiny net [\d.]+ ms/);
  await expect(probe).not.toContainText('cached');
  await probe.locator('summary').click();
  await expect(page.getByTestId('probe-wasm')).toContainText(/\d ms/);
  await expect(page.getByTestId('probe-webgpu')).toContainText(/skipped/);
  await expect(page.getByTestId('probe-cpu')).toContainText(/\d ms|too slow/);
  await expect(page.getByTestId('active-backend')).toHaveText('wasm');
  await page.screenshot({ path: test.info().outputPath('probe.png') });

  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 2);

  await page.reload();
  await expect(page.getByTestId('backend-probe')).toContainText(/auto picked wasm .*\(cached\)/, { timeout: 60_000 });
});
