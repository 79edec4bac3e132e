import { expect } from '@playwright/test';
import { currentStep, openStudio, status, test, waitForStep } from './helpers';

/** The counter stays at `step` for a while: nothing is still running behind the 'paused' status. */
async function holds(page: import('@playwright/test').Page, step: number, ms: number): Promise<void> {
  await page.waitForTimeout(ms);
  expect(await currentStep(page)).toBe(step);
}

test('after a live change and Pause, each Step click runs exactly one step', async ({ page }) => {
  await openStudio(page, { backend: 'wasm', epochs: '6' });
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 3);

  // Typed, not confirmed: the box commits when Pause takes the focus, so the change and the pause
  // reach the worker back to back.
  const beta = page.getByLabel('β value', { exact: true });
  await beta.fill('1.2');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status(page)).toHaveText('paused');
  await expect(page.getByTestId('event-log')).toContainText('β 0.6 → 1.2');
  const paused = await currentStep(page);
  await holds(page, paused, 1500);

  for (let i = 1; i <= 3; i++) {
    const step = page.getByRole('button', { name: 'Step' });
    await expect(step).toBeEnabled();
    await step.click();
    await waitForStep(page, paused + i, 30_000);
    await expect(status(page)).toHaveText('paused');
    await holds(page, paused + i, 1000);
  }
  await expect(page.getByTestId('live-beta')).toHaveText('1.2');
});
