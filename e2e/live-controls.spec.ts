import { expect } from '@playwright/test';
import { openStudio, test, waitForStep } from './helpers';

test('a live change that wrecks the loss is named, and Undo puts the earlier value back', async ({ page }) => {
  // The paper's form: β from 0.6 to 6 multiplies the loss by (log LAT_µs)^5.4, far past tenfold.
  await openStudio(page, { backend: 'wasm', loss: 'paper', epochs: '6' });
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 6);
  const beta = page.getByLabel('β value', { exact: true });
  await beta.fill('6');
  await beta.press('Enter');
  const banner = page.getByTestId('harm-banner');
  await expect(banner).toContainText(
    /Changing β from 0\.6 to 6 at step \d+ raised the loss \d+× \(cross-entropy [\d.]+×\) within 5 steps\./,
  );
  await banner.getByRole('button', { name: 'Undo' }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('event-log')).toContainText('β 6 → 0.6');
  await expect(page.getByTestId('live-beta')).toHaveText('0.6');
  await page.getByRole('button', { name: 'Stop' }).click();
});

test('each slider explains itself on hover, and the target form has a target-latency slider drawn on the latency chart', async ({
  page,
}) => {
  await openStudio(page, { backend: 'wasm' });
  const slider = (label: string) => page.locator('.slider').filter({ has: page.getByLabel(label, { exact: true }) });
  await expect(slider('Temperature τ')).toHaveAttribute('title', /softmax\(\(θ \+ g\) \/ τ\).*paper: τ₀ = 5/);
  await expect(slider('β')).toHaveAttribute('title', /max\(1, E\[LAT\]\/T\)\^β/);
  await expect(slider('Target latency (ms)')).toHaveAttribute('title', /no pressure at or below T/);
  // The default target is 0.6 × the uniform E[LAT] of the active table (Pixel 3: 18.0 ms).
  await expect(page.getByLabel('Target latency (ms) value', { exact: true })).toHaveValue('10.8');
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 2);
  await expect(page.getByTestId('chart-latency')).toContainText('target T');
  await page.getByRole('button', { name: 'Stop' }).click();
});
