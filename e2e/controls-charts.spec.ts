import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page } from '@playwright/test';
import { currentStep, openStudio, openTab, status, test, waitForStep } from './helpers';

/** Drags a range input's thumb from its left quarter to its right in `moves` moves, resting between them. */
async function slowDrag(page: Page, slider: Locator, moves: number, restMs: number): Promise<void> {
  const box = (await slider.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.25, y);
  await page.mouse.down();
  for (let i = 1; i <= moves; i++) {
    await page.mouse.move(box.x + box.width * (0.25 + (0.5 * i) / moves), y, { steps: 3 });
    await page.waitForTimeout(restMs);
  }
  await page.mouse.up();
}

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('a slow τ drag is one change, markers do not overlap, the keyboard runs the search and the sliders keep the run’s values', async ({
  page,
}) => {
  await openStudio(page, { backend: 'wasm', epochs: '6' });
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 2);

  // One drag, resting 600 ms (longer than any commit delay) three times on the way: one logged change.
  await slowDrag(page, page.getByRole('slider', { name: 'Temperature τ', exact: true }), 3, 600);
  const beta = page.getByLabel('β value', { exact: true });
  await beta.fill('1.2');
  await beta.press('Enter');
  const log = page.getByTestId('event-log');
  await expect(log).toContainText('β 0.6 → 1.2');
  await expect(log.locator('li', { hasText: /τ .+ → / })).toHaveCount(1);
  await page.waitForTimeout(1000);
  await expect(log.locator('li', { hasText: /τ .+ → / })).toHaveCount(1);

  // τ and β changed a step or two apart: their labels stack instead of running together.
  await openTab(page, 'Charts & log');
  const labels = page.getByTestId('chart-loss').getByTestId('marker-label');
  await expect(labels).toHaveCount(2);
  const [a, b] = [(await labels.nth(0).boundingBox())!, (await labels.nth(1).boundingBox())!];
  expect(overlaps(a, b), `marker labels at ${JSON.stringify([a, b])}`).toBe(false);

  // Space pauses and resumes, `s` steps once; keys typed into a field stay in the field.
  await page.locator('h1').click();
  await page.keyboard.press(' ');
  await expect(status(page)).toHaveText('paused');
  const paused = await currentStep(page);
  await page.keyboard.press('s');
  await waitForStep(page, paused + 1, 30_000);
  await page.waitForTimeout(1000);
  expect(await currentStep(page)).toBe(paused + 1);
  await beta.focus();
  await page.keyboard.press('s');
  await page.keyboard.press(' ');
  await page.waitForTimeout(1000);
  await expect(status(page)).toHaveText('paused');
  expect(await currentStep(page)).toBe(paused + 1);
  await expect(beta).toHaveValue('1.2s ');
  await beta.fill('1.2');
  await page.locator('h1').click();
  await page.keyboard.press(' ');
  await expect(status(page)).toHaveText('running');

  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status(page)).toHaveText('done');
  // After the run the sliders show what the run ended with, as the readout does.
  const tau = (await page.getByTestId('live-tau').textContent())!;
  await expect(page.getByLabel('Temperature τ value', { exact: true })).toHaveValue(String(Number(tau)));
  await expect(beta).toHaveValue('1.2');
  await page.waitForTimeout(1000);
  await expect(beta).toHaveValue('1.2');
});

test('every step chart labels its axes; the loss chart has a log scale; a chart saves as a PNG image', async ({ page }) => {
  await openStudio(page, { backend: 'wasm' });
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 3);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status(page)).toHaveText('done');
  await openTab(page, 'Charts & log');
  const yLabels = { 'chart-latency': 'ms', 'chart-loss': 'loss', 'chart-accuracy': 'accuracy', 'chart-tau': 'τ' };
  for (const [id, y] of Object.entries(yLabels)) {
    await expect(page.getByTestId(id).getByTestId('x-label')).toHaveText('step');
    await expect(page.getByTestId(id).getByTestId('y-label')).toHaveText(y);
  }

  const loss = page.getByTestId('chart-loss');
  await loss.getByLabel('log scale').check();
  await expect(loss.getByTestId('y-label')).toHaveText('loss (log scale)');
  // Whole decades: every tick label is a power of ten.
  const yTicks = await loss.locator('.y-tick').allTextContents();
  expect(yTicks.length).toBeGreaterThanOrEqual(2);
  for (const t of yTicks) expect(Math.log10(Number(t)) % 1, `tick ${t}`).toBeCloseTo(0, 9);

  const [download] = await Promise.all([page.waitForEvent('download'), loss.getByRole('button', { name: /as PNG/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^fbnet-chart-loss-step\d+\.png$/);
  const png = await readFile((await download.path())!);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.length).toBeGreaterThan(2000);
});

test('the studio follows the system’s dark mode', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openStudio(page, { backend: 'cpu' });
  const luminance = async (selector: string, prop: 'backgroundColor' | 'color') =>
    page
      .locator(selector)
      .first()
      .evaluate((el, p) => {
        const [r, g, b] = getComputedStyle(el)
          [p].match(/\d+(\.\d+)?/g)!
          .map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      }, prop);
  expect(await luminance('html', 'backgroundColor')).toBeLessThan(0.15);
  expect(await luminance('.card', 'backgroundColor')).toBeLessThan(0.2);
  expect(await luminance('.card', 'color')).toBeGreaterThan(0.7);
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await luminance('html', 'backgroundColor')).toBeGreaterThan(0.9);
});
