import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { currentStep, openStudio, test, waitForStep } from './helpers';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

test('a reload mid-epoch loses at most 30 s of searching and resumes with its uploaded table and whole history', async ({ page }) => {
  test.setTimeout(300_000);
  // One long epoch (80 w steps): no epoch-end checkpoint comes before the time-based one.
  await openStudio(page, { backend: 'wasm', trainSamples: '800', epochs: '2' });
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 1);
  await page.getByLabel('Latency table', { exact: true }).setInputFiles(fixture('custom-lut.csv'));
  await expect(page.getByTestId('event-log')).toContainText('latency table → custom-lut.csv');

  const hint = page.getByTestId('saved-runs').locator('p.hint');
  await expect(hint).toContainText('(time)', { timeout: 120_000 });
  const saved = Number(/last: step (\d+) \(time\)/.exec((await hint.textContent()) ?? '')![1]);
  expect(saved).toBeGreaterThan(1);

  await page.reload();
  await expect(page.getByTestId('active-table')).toContainText(/pixel3/, { timeout: 60_000 });
  const offer = page.getByTestId('resume-offer');
  await offer.getByRole('button', { name: 'Resume search' }).click();
  await waitForStep(page, saved);
  expect(await currentStep(page)).toBeGreaterThanOrEqual(saved);
  await expect(page.getByTestId('active-table')).toContainText('custom-lut.csv');

  // The charts hold every step from the first, not only those since the resume.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download chart data (CSV)' }).click()]);
  const lines = (await readFile((await csv.path())!, 'utf8')).trim().split('\n');
  expect(lines[1].split(',')[0]).toBe('1');
  expect(lines.length - 1).toBeGreaterThanOrEqual(saved);
  // And the distribution replay reaches back to step 1 as well.
  await expect(page.getByLabel('Step scrubber')).toHaveAttribute('min', '1');
});
