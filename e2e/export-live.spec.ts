import { readFile } from 'node:fs/promises';
import { expect, type Page } from '@playwright/test';
import { searchResultSchema } from '../src/engine/schemas';
import { currentStep, openStudio, status, test, waitForStep } from './helpers';

async function exportNow(page: Page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export architectures' }).click()]);
  const json = JSON.parse(await readFile((await download.path())!, 'utf8'));
  const parsed = searchResultSchema.safeParse(json);
  expect(parsed.success, JSON.stringify(parsed.error?.issues ?? [])).toBe(true);
  return { name: download.suggestedFilename(), json };
}

test('architectures export while a search runs or is paused, under names that tell exports apart', async ({ page }) => {
  await openStudio(page, { backend: 'wasm', epochs: '6' });
  const button = page.getByRole('button', { name: 'Export architectures' });
  await expect(button).toBeDisabled();
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 2);
  await expect(status(page)).toHaveText('running');

  const running = await exportNow(page);
  expect(running.name).toMatch(/^fbnet-cpu-quick-seed7-step\d+-\d{8}-\d{6}\.json$/);
  expect(running.json.argmax.blocks).toHaveLength(22);
  expect(running.json.samples).toHaveLength(2);
  expect(running.json.steps).toBeGreaterThanOrEqual(2);
  expect(running.json.stopped).toBe(true);

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status(page)).toHaveText('paused');
  const at = await currentStep(page);
  const paused = await exportNow(page);
  expect(paused.json.steps).toBe(at);
  expect(paused.name).toContain(`-step${at}-`);
  expect(paused.json.history).toHaveLength(at);

  await page.getByRole('button', { name: 'Step' }).click();
  await waitForStep(page, at + 1);
  await expect(status(page)).toHaveText('paused');
  const stepped = await exportNow(page);
  expect(stepped.name).toContain(`-step${at + 1}-`);
  expect(stepped.name).not.toBe(paused.name);
});
