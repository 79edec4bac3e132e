import { expect, type Locator } from '@playwright/test';
import { openStudio, openTab, status, test, waitForStep } from './helpers';

test.use({ viewport: { width: 1440, height: 900 } });

/** The element lies wholly within the first screen of a 1440×900 window, the page not scrolled. */
async function onFirstScreen(what: string, locator: Locator): Promise<void> {
  await expect(locator, what).toBeVisible();
  const box = await locator.boundingBox();
  expect(box, what).not.toBeNull();
  expect(box!.y, `${what}: top`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${what}: bottom`).toBeLessThanOrEqual(900);
  expect(box!.x + box!.width, `${what}: right`).toBeLessThanOrEqual(1440);
}

test('the default state shows the main flow only, without a shapes warning', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('active-table')).toContainText('pixel3', { timeout: 60_000 });
  await expect(page.getByTestId('table-mapping')).toBeAttached();
  await expect(page.locator('.warn-box')).toHaveCount(0);
  await expect(page.getByText(/Shapes differ\./)).toHaveCount(0);
  // The rest waits behind named tabs until a person opens one.
  for (const name of ['Charts & log', 'Search settings', 'Dataset', 'Latency tables', 'Retrain & cross-device study', 'Saved runs']) {
    await expect(page.getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'false');
  }
  await expect(page.getByTestId('lut-grid')).toBeHidden();
  await expect(page.getByTestId('dataset-panel')).toBeHidden();
  await expect(page.getByTestId('fit-panel')).toBeHidden();
  await expect(page.getByTestId('cross-device')).toBeHidden();
  await openTab(page, 'Latency tables');
  await expect(page.getByTestId('lut-grid')).toBeVisible();
  await expect(page.getByTestId('dataset-panel')).toBeHidden();
});

test('preset, run buttons, live controls, distributions, E[LAT] and results fit one 1440×900 screen', async ({ page }) => {
  // A search, a stop and some thirty checks: on a loaded two-core machine that runs past the default limit.
  test.slow();
  await openStudio(page, { backend: 'wasm', warmup: '0', epochs: '2' });
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, 3);
  await expect(page.getByTestId('layer-bar')).toHaveCount(22);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status(page)).toHaveText('done');
  await expect(page.getByTestId('arch').first()).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  await onFirstScreen('preset', page.getByLabel('Preset', { exact: true }));
  for (const name of ['Start search', 'Pause', 'Resume', 'Step', 'Stop']) {
    await onFirstScreen(name, page.getByRole('button', { name, exact: true }));
  }
  for (const label of ['Temperature τ', 'β', 'Target latency (ms)']) {
    await onFirstScreen(label, page.getByRole('slider', { name: label, exact: true }));
  }
  await onFirstScreen('step counter', page.getByTestId('step-counter'));
  await onFirstScreen('layer distributions', page.getByTestId('layer-distributions'));
  await onFirstScreen('E[LAT] chart', page.getByTestId('chart-latency'));
  await onFirstScreen('results', page.getByTestId('results'));

  // `skip` chips: text against the chip's own colour at WCAG AA contrast (white on grey was 2.5:1).
  const contrast = await page
    .locator('.chip.skip')
    .first()
    .evaluate((el) => {
      const lum = (css: string) => {
        const [r, g, b] = css
          .match(/\d+(\.\d+)?/g)!
          .slice(0, 3)
          .map((v) => {
            const c = Number(v) / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const style = getComputedStyle(el);
      const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05);
    });
  expect(contrast).toBeGreaterThanOrEqual(4.5);
});
