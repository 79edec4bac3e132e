import { expect } from '@playwright/test';
import { studioUrl, test, waitForStep } from './helpers';

/**
 * A first visit (a fresh profile: no cached backend probe) with backend `auto`: Start is clicked as
 * soon as it is enabled, and the first step comes within 20 s of the page's load, whatever the probe
 * is still measuring.
 */
test('a first visit on auto takes its first step within 20 s of loading the page', async ({ page }) => {
  const loaded = Date.now();
  await page.goto(studioUrl({ backend: 'auto' }));
  const start = page.getByRole('button', { name: 'Start search' });
  await expect(start).toBeEnabled({ timeout: 20_000 });
  await start.click();
  await waitForStep(page, 1, Math.max(1, 20_000 - (Date.now() - loaded)));

  // The header names the backend the search runs on and labels the probe's number as the probe's.
  await expect(page.getByTestId('active-backend')).toHaveText(/^(wasm|cpu|webgl|webgpu)$/);
  const probe = page.getByTestId('backend-probe');
  await expect(probe.locator('summary')).toHaveText(/^auto picked (wasm|cpu|webgl|webgpu) · probe on a tiny net [\d.]+ ms/);
  await expect(probe).not.toContainText('ms/step');
});
