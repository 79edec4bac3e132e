import { expect } from '@playwright/test';
import { openStudio, openTab, test } from './helpers';

test('the dataset panel keeps describing the search’s images when a retrain loads its own budget', async ({ page }) => {
  await openStudio(page, { backend: 'wasm' });
  await openTab(page, 'Retrain & cross-device study');
  const panel = page.getByTestId('dataset-panel');
  await expect(panel).toContainText('the search uses 80 training and 16 test images');

  const budget = page.getByLabel('retrain train samples', { exact: true });
  await budget.fill('24');
  await budget.press('Enter');
  const epochs = page.getByLabel('retrain epochs', { exact: true });
  await epochs.fill('1');
  await epochs.press('Enter');
  await page.getByRole('button', { name: 'Retrain cheapest' }).click();
  const done = page.getByTestId('retrained').filter({ has: page.getByTestId('retrain-state').filter({ hasText: /^done$/ }) });
  await expect(done).toHaveCount(1, { timeout: 150_000 });
  await expect(panel).toContainText('the search uses 80 training and 16 test images');
  await expect(panel).not.toContainText('uses 24 training');
});
