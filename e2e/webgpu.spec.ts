import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { currentStep, openStudio, openTab, status, waitForStep } from './helpers';

// Headless Chromium's WebGPU is SwiftShader: correct but slow, so these run the smallest searches there are.
// A tiny w learning rate: this tiny net's BatchNorms see a handful of values in its last stages, its
// gradients are large, and at usable rates two backends' float32 rounding grows to percents within
// two steps (cpu against wasm: 8 % at step 2). Nearly still weights make the steps' losses comparable;
// equality of whole steps at a real rate is tested in Node on a better-conditioned net.
const SEARCH = { mode: 'mixture', trainSamples: '48', testSamples: '8', epochs: '2', warmup: '1', samples: '1', wLr: '0.00001' };

/** Runs `steps` steps on `backend`, pauses, and returns the losses the run's exported checkpoint holds. */
async function lossesOn(page: Page, backend: string, steps: number): Promise<number[]> {
  await openStudio(page, { ...SEARCH, backend });
  await openTab(page, 'Saved runs');
  await expect(page.getByTestId('active-backend')).toHaveText(backend);
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, steps, 360_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status(page)).toHaveText('paused', { timeout: 120_000 });
  // Still on the backend it started on: a fault that moved the run elsewhere would show here and in the log.
  await expect(page.getByTestId('active-backend')).toHaveText(backend);
  await expect(page.getByTestId('event-log')).not.toContainText(/failed|continues on/);
  const run = page.getByTestId('saved-run').first();
  const [download] = await Promise.all([page.waitForEvent('download'), run.getByRole('button', { name: 'Export' }).click()]);
  const checkpoint = JSON.parse(await readFile((await download.path())!, 'utf8')) as { history: { step: number; loss: number | null }[] };
  return checkpoint.history.filter((h) => h.step <= steps).map((h) => h.loss ?? Number.NaN);
}

test("the mixture search runs on WebGPU from its first step to its last, with the cpu backend's losses", async ({ page, browser }) => {
  const gpu = await lossesOn(page, 'webgpu', 3);
  await expect(page.getByTestId('gpu-adapter')).toContainText('fallback');
  const cpuPage = await browser.newPage();
  const cpu = await lossesOn(cpuPage, 'cpu', 3);
  await cpuPage.close();
  expect(gpu).toHaveLength(3);
  expect(cpu).toHaveLength(3);
  console.log(`losses: webgpu ${gpu.join(', ')}; cpu ${cpu.join(', ')}`);
  gpu.forEach((l, i) =>
    expect(Math.abs(l - cpu[i]) / Math.abs(cpu[i]), `loss of step ${i + 1}: webgpu ${l}, cpu ${cpu[i]}`).toBeLessThan(1e-3),
  );
});

test('a destroyed GPUDevice (the real device.lost path) moves the search to the next backend from its last checkpoint', async ({
  page,
}) => {
  await openStudio(page, { ...SEARCH, backend: 'webgpu', testHooks: '1' });
  await openTab(page, 'Saved runs');
  await expect(page.getByTestId('active-backend')).toHaveText('webgpu');
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 2, 360_000);
  // The steps so far ran on WebGPU: the loss below is the device's, not an earlier fallback's.
  await expect(page.getByTestId('active-backend')).toHaveText('webgpu');
  await expect(page.getByTestId('event-log')).not.toContainText(/failed|continues on/);
  await page.getByTestId('simulate-device-loss').click();
  // Whichever the worker hears first: device.lost itself, or the step in flight whose buffer mapping
  // the destroyed device aborted ("Buffer was unmapped before mapping was resolved").
  const notice = /(the WebGPU device was lost|a step failed on webgpu).*continues on (wasm|webgl|cpu) from the checkpoint of step \d+/;
  await expect(page.getByTestId('notice').filter({ hasText: notice })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('active-backend')).not.toHaveText('webgpu');
  const resumedAt = await currentStep(page);
  await waitForStep(page, resumedAt + 1, 170_000);
});
