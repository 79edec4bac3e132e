import { expect, type Page } from '@playwright/test';
import { currentStep, openStudio, openTab, status, test, waitForStep } from './helpers';

/** Every CSP violation the page or its worker reports to the console. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|compile|create|connect|apply)/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

test('a search under the CSP stays on its own origin and is resumed after a reload, charts included', async ({ page, baseURL }) => {
  const violations = watchCsp(page);
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(`${baseURL}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  await openStudio(page, { backend: 'wasm' });
  await openTab(page, 'Saved runs');
  await page.getByRole('button', { name: 'Start search' }).click();
  // Epoch 1 (8 steps) ends with a checkpoint; wait until it is listed.
  await waitForStep(page, 9);
  await expect(page.getByTestId('saved-run').first()).toContainText(/step (8|9|1\d)\//);
  const before = await currentStep(page);
  await page.screenshot({ path: '/tmp/reliability-running.png' });

  await page.reload();
  const offer = page.getByTestId('resume-offer');
  await expect(offer).toContainText('An unfinished search was saved');
  await offer.getByRole('button', { name: 'Resume search' }).click();
  // Restored from the last epoch's checkpoint: at most one epoch (10 steps) back, charts refilled.
  await expect.poll(() => currentStep(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(Math.max(1, before - 10));
  await expect(page.getByTestId('chart-latency').getByTestId('chart-line').first()).toBeVisible();
  await expect(page.getByTestId('event-log')).toContainText('resumed from the checkpoint of step');
  const resumedAt = await currentStep(page);
  await waitForStep(page, resumedAt + 2);
  await expect(status(page)).toHaveText('running');
  await page.screenshot({ path: '/tmp/reliability-resumed.png' });

  expect(violations, 'CSP violations').toEqual([]);
  expect(foreign, 'requests beyond the app origin').toEqual([]);
});

test('a lost device moves the search to the next backend from its last checkpoint, with a notice', async ({ page }) => {
  await openStudio(page, { backend: 'wasm', testHooks: '1' });
  await openTab(page, 'Saved runs');
  await expect(page.getByTestId('active-backend')).toHaveText('wasm');
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 9);
  await page.getByTestId('simulate-device-loss').click();
  await expect(page.getByTestId('notice').filter({ hasText: /continues on (webgl|cpu) from the checkpoint of step \d+/ })).toBeVisible({
    timeout: 120_000,
  });
  await expect(page.getByTestId('active-backend')).not.toHaveText('wasm');
  await expect(page.getByTestId('event-log')).toContainText('search worker failed');
  const resumedAt = await currentStep(page);
  expect(resumedAt).toBeGreaterThanOrEqual(8);
  await waitForStep(page, resumedAt + 1, 170_000);
  await page.screenshot({ path: '/tmp/reliability-recovered.png' });
});

test('a diverging search pauses with the cause and a fix, keeping the last good checkpoint', async ({ page }) => {
  // τ = 1e-45 is valid but underflows float32: the first loss is NaN.
  await openStudio(page, { backend: 'wasm', tau0: '1e-45' });
  await openTab(page, 'Saved runs');
  await page.getByRole('button', { name: 'Start search' }).click();
  const banner = page.getByTestId('divergence');
  await expect(banner).toContainText('The search diverged and was paused');
  await expect(banner).toContainText('the loss became NaN at step 1');
  await expect(banner).toContainText('too small for float32: raise τ');
  await expect(banner).toContainText('last good checkpoint (step 0) is kept');
  await expect(status(page)).toHaveText('paused');
  await expect(page.getByTestId('saved-run').first()).toContainText('diverged');
  await page.screenshot({ path: '/tmp/reliability-diverged.png' });
});

test('a paused run is saved, exports as JSON and imports back; a malformed import is refused with its reason', async ({ page }) => {
  await openStudio(page, { backend: 'wasm' });
  await openTab(page, 'Saved runs');
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 2);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status(page)).toHaveText('paused');
  const run = page.getByTestId('saved-run').first();
  await expect(run).toContainText('paused');
  const [download] = await Promise.all([page.waitForEvent('download'), run.getByRole('button', { name: 'Export' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^fbnet-checkpoint-step\d+\.json$/);
  const file = await download.path();

  const input = page.getByTestId('import-checkpoint');
  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": "fbnet-studio/checkpoint@1"'),
  });
  await expect(page.getByTestId('notice').filter({ hasText: 'Import refused: broken.json is not JSON' })).toBeVisible();
  await input.setInputFiles(file);
  await expect(page.getByTestId('notice').filter({ hasText: /Imported .*: step \d+ of \d+/ })).toBeVisible();
  await expect(page.getByTestId('saved-run')).toHaveCount(2);
});
