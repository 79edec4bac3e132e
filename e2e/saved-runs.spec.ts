import { expect } from '@playwright/test';
import { currentStep, openStudio, status, test, waitForStep } from './helpers';

test('saved runs are labelled with their last step and what became of them', async ({ page }) => {
  await openStudio(page, { backend: 'wasm' });
  const saved = page.getByTestId('saved-run').first();
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 3);

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status(page)).toHaveText('paused');
  const paused = await currentStep(page);
  await expect(saved).toContainText(`step ${paused}/`);
  await expect(saved.locator('.tag').first()).toHaveText('paused');

  // Resumed: running again, no longer listed as paused.
  await page.getByRole('button', { name: 'Resume' }).click();
  await waitForStep(page, paused + 2);
  await expect(saved.locator('.tag').first()).toHaveText('active');

  // Stopped between checkpoints: the label says where it stopped, and that it was stopped.
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status(page)).toHaveText('done');
  const stoppedAt = await currentStep(page);
  const total = Number(((await page.getByTestId('step-counter').textContent()) ?? '').split('/')[1]);
  expect(stoppedAt).toBeLessThan(total);
  await expect(saved).toContainText(`step ${stoppedAt}/${total}`);
  await expect(saved.locator('.tag').first()).toHaveText('stopped');

  // A run to the end is finished at its last step.
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(status(page)).toHaveText('done', { timeout: 150_000 });
  await expect(page.getByTestId('saved-run')).toHaveCount(2);
  await expect(saved).toContainText(`step ${total}/${total}`);
  await expect(saved.locator('.tag').first()).toHaveText('finished');
  await expect(page.getByTestId('saved-run').nth(1)).toContainText(`step ${stoppedAt}/${total}`);
});
