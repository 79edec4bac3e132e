import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { openStudio, openTab } from './helpers';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
// biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator method, not the DOM property
const gridText = (page: Page) => page.getByTestId('lut-grid').locator('tbody').innerText();

test('the panel says how a table of other shapes is mapped, and which bundled tables are estimates', async ({ page }) => {
  await openStudio(page, { backend: 'cpu' });
  await openTab(page, 'Latency tables');
  // the tiny studio space (8×8, width 0.25) is not the 32×32 network Pixel 3 was measured on
  const mapping = page.getByTestId('table-mapping');
  await expect(mapping).toContainText('measured on other shapes than this space');
  await expect(mapping).toContainText('by (layer, block)');
  await expect(page.getByTestId('table-description')).toContainText('measured');
  await page.getByText(/About the 10 bundled tables/).click();
  await expect(page.getByTestId('bundled-tables').locator('li')).toHaveCount(10);
  await expect(page.getByTestId('bundled-tables').locator('li', { hasText: 'eyeriss-small' })).toContainText('estimate');
});

test('the active table exports as CSV (ms and µs) and reads back to the same latencies', async ({ page }, info) => {
  await openStudio(page, { backend: 'cpu' });
  await openTab(page, 'Latency tables');
  const before = await gridText(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export table (CSV)' }).click()]);
  expect(download.suggestedFilename()).toBe('pixel3-small.csv');
  const path = info.outputPath('pixel3-small.csv');
  await download.saveAs(path);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain('layer,block,in_channels,out_channels,input_hw,stride,latency_ms,latency_us');

  await page.getByLabel('Latency table', { exact: true }).setInputFiles(path);
  await expect(page.getByTestId('active-table')).toContainText('pixel3-small.csv');
  expect(await gridText(page)).toBe(before);
  // written for this space, the export now matches it
  await expect(page.getByTestId('table-mapping')).toContainText('shapes match this space');
});

test('a broken timings file is refused line by line; a good one fits, plots and becomes the active table', async ({ page }) => {
  await openStudio(page, { backend: 'cpu' });
  await openTab(page, 'Latency tables');
  const timings = page.getByLabel('Timings CSV');
  await timings.setInputFiles(fixture('broken-timings.csv'));
  const error = page.getByTestId('fit-error');
  await expect(error).toContainText('line 3');
  await expect(error).toContainText('digit 9 is not a block index');
  await expect(error).toContainText('line 5');

  await timings.setInputFiles(fixture('help-200.csv'));
  await expect(page.getByTestId('fit-metrics')).toContainText('160 train · 40 test');
  await expect(error).toHaveCount(0);
  await page.getByLabel('Latency column').selectOption('gold_6226_ms');
  await page.getByLabel('Split seed').fill('3');
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await expect(page.getByTestId('fit-panel')).toContainText('Column gold_6226_ms');
  const rho = Number(await page.getByTestId('fit-metrics').locator('.v').first().textContent());
  expect(rho).toBeGreaterThan(0.3);
  await expect(page.getByTestId('fit-scatter').locator('.recharts-scatter-symbol')).toHaveCount(40);

  await page.getByRole('button', { name: 'Use fitted table' }).click();
  await expect(page.getByTestId('active-table')).toContainText('fitted-gold_6226_ms');
  await expect(page.getByRole('button', { name: 'Fitted table is active' })).toBeDisabled();
  await expect(page.getByLabel('Bundled table')).toHaveValue('made:fitted-gold_6226_ms');
});

test('measuring this browser can be cancelled, and a finished measurement is active at once', async ({ page }) => {
  await openStudio(page, { backend: 'wasm' });
  await openTab(page, 'Latency tables');
  const panel = page.getByTestId('measure-panel');
  await expect(panel).toContainText('this browser’s wasm backend');
  await page.getByLabel('Timed runs').fill('200');
  await page.getByRole('button', { name: 'Measure this browser' }).click();
  await expect(page.getByTestId('measure-progress')).toContainText(/[1-9]\d* \/ \d+ ops/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('measure-ended')).toContainText('cancelled');
  await expect(page.getByTestId('active-table')).toContainText('pixel3-small');

  await page.getByLabel('Timed runs').fill('1');
  await page.getByLabel('Warm-up runs').fill('0');
  await page.getByRole('button', { name: 'Measure this browser' }).click();
  await expect(page.getByTestId('measure-done')).toContainText('browser-wasm');
  await expect(page.getByTestId('active-table')).toContainText('browser-wasm');
  await expect(page.getByTestId('table-mapping')).toContainText('shapes match this space');
  await expect(page.getByTestId('lut-grid').locator('td.missing')).toHaveCount(0);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export measured table (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('browser-wasm.csv');
});
