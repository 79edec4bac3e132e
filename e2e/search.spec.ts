import { readFile } from 'node:fs/promises';
import { expect } from '@playwright/test';
import { searchResultSchema } from '../src/engine/schemas';
import { currentStep, openStudio, status, test, waitForStep } from './helpers';

test('a tiny search streams, takes live β, pauses, steps, resumes and exports', async ({ page }) => {
  await openStudio(page, { backend: 'wasm' });
  await expect(page.getByTestId('active-backend')).toHaveText('wasm');
  await expect(page.getByTestId('step-counter')).toHaveText(/^0 \/ /);

  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 2);
  await expect(status(page)).toHaveText('running');
  // Charts draw real lines once steps arrive.
  await expect(page.getByTestId('chart-latency').getByTestId('chart-line').first()).toBeVisible();
  await expect(page.getByTestId('layer-distributions').getByTestId('layer-bar').first()).toBeVisible();

  // β mid-run: logged at once, in effect at the next step, drawn as a marker.
  const beta = page.getByLabel('β value', { exact: true });
  await beta.fill('1.5');
  await beta.press('Enter');
  await expect(page.getByTestId('event-log')).toContainText('β 0.6 → 1.5');
  await expect(page.getByTestId('live-beta')).toHaveText('1.5');
  await expect(page.getByTestId('chart-latency').locator('.change-marker').first()).toBeAttached();

  // An invalid value is refused with a message and never applied.
  await beta.fill('-3');
  await beta.press('Enter');
  await expect(page.getByTestId('notice').filter({ hasText: 'Refused' })).toBeVisible();
  await expect(page.getByTestId('event-log').getByText(/→ -3/)).toHaveCount(0);

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status(page)).toHaveText('paused');
  const paused = await currentStep(page);
  await page.getByRole('button', { name: 'Step' }).click();
  await waitForStep(page, paused + 1);
  // The worker reports 'running' before the step's events and 'paused' only after the step loop has
  // ended, in order: once the step shows, 'paused' here is the end of the Step, and no later step can come.
  await expect(status(page)).toHaveText('paused');
  expect(await currentStep(page)).toBe(paused + 1);

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(status(page)).toHaveText(/running|done/);
  await waitForStep(page, paused + 2);

  await expect(status(page)).toHaveText('done', { timeout: 150_000 });
  await expect(page.getByTestId('arch')).toHaveCount(3); // argmax + K = 2 samples
  const total = Number(((await page.getByTestId('step-counter').textContent()) ?? '').split('/')[1]);
  expect(await currentStep(page)).toBe(total);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export architectures' }).click()]);
  const json = JSON.parse(await readFile((await download.path())!, 'utf8'));
  const parsed = searchResultSchema.safeParse(json);
  expect(parsed.success, JSON.stringify(parsed.error?.issues ?? [])).toBe(true);
  expect(json.argmax.blocks).toHaveLength(22);
  expect(json.samples).toHaveLength(2);
  expect(json.history).toHaveLength(total);
  expect(json.history.at(-1).beta).toBe(1.5);

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download chart data (CSV)' }).click()]);
  const lines = (await readFile((await csv.path())!, 'utf8')).trim().split('\n');
  expect(lines[0]).toContain('expectedLatencyMs');
  expect(lines).toHaveLength(total + 1);
});
