import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { openStudio, status, test, waitForStep } from './helpers';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

test('the Pixel 3 table for the layout is active by default and shown as layer × block', async ({ page }) => {
  await openStudio(page, { backend: 'cpu' });
  await expect(page.getByTestId('active-table')).toContainText('pixel3-small');
  await expect(page.getByTestId('lut-grid').locator('tbody tr')).toHaveCount(22);
});

test('a valid upload becomes active; a broken one names its lines and leaves it active', async ({ page }) => {
  await openStudio(page, { backend: 'cpu' });
  const input = page.getByLabel('Latency table', { exact: true });
  await input.setInputFiles(fixture('custom-lut.csv'));
  await expect(page.getByTestId('active-table')).toContainText('custom-lut.csv');
  await expect(page.getByTestId('lut-grid').locator('tbody tr').nth(3)).toContainText('0.480');

  await input.setInputFiles(fixture('broken-lut.csv'));
  const error = page.getByTestId('table-error');
  await expect(error).toContainText('broken-lut.csv');
  await expect(error).toContainText('line 4');
  await expect(error).toContainText('unknown block "k3_e9"');
  await expect(error).toContainText('line 5');
  await expect(page.getByTestId('active-table')).toContainText('custom-lut.csv');
});

test('a table uploaded during a run replaces the run’s table and is logged', async ({ page }) => {
  await openStudio(page, { backend: 'wasm', epochs: '2', trainSamples: '48' });
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 1);
  await page.getByLabel('Latency table', { exact: true }).setInputFiles(fixture('custom-lut.csv'));
  await expect(page.getByTestId('event-log')).toContainText('latency table → custom-lut.csv');
  await expect(page.getByTestId('active-table')).toContainText('custom-lut.csv');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status(page)).toHaveText('done');
  await expect(page.getByTestId('arch').first()).toBeVisible();
});
