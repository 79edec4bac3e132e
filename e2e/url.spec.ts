import { expect, test } from '@playwright/test';
import { openStudio, openTab } from './helpers';

test('config lives in the link; bad values are ignored with a message', async ({ page }) => {
  await openStudio(page, { backend: 'cpu', beta: '0.9', epochs: 'lots', batch: '-4', loss: 'additive' });
  const notices = page.getByTestId('notice');
  await expect(notices.filter({ hasText: 'epochs=lots ignored' })).toBeVisible();
  await expect(notices.filter({ hasText: 'batch=-4 ignored' })).toBeVisible();
  await expect(page.getByLabel('Batch size', { exact: true })).toHaveValue('16'); // the preset's, since the link's value was refused
  await expect(page.getByLabel('Loss form', { exact: true })).toHaveValue('additive');
  await expect(page.getByLabel('β value', { exact: true })).toHaveValue('0.9');
  await expect(page.getByTestId('preset-description')).not.toBeEmpty();

  await openTab(page, 'Search settings');
  const width = page.getByLabel('Width', { exact: true });
  await width.fill('0.5');
  await width.press('Enter');
  await expect(page).toHaveURL(/width=0\.5/);
  await expect(page).toHaveURL(/beta=0\.9/);
  await expect(page).toHaveURL(/lut=pixel3-small/);

  await width.fill('9');
  await width.press('Enter');
  await expect(notices.filter({ hasText: 'Refused: Width' })).toBeVisible();
  await expect(page).toHaveURL(/width=0\.5/);

  await page.reload();
  await expect(page.getByLabel('Width', { exact: true })).toHaveValue('0.5');
  await expect(page.getByLabel('Loss form', { exact: true })).toHaveValue('additive');
});
