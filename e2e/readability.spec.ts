import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, type Locator } from '@playwright/test';
import { openStudio, openTab, test } from './helpers';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const LONG = 'pixel3-remeasured-on-the-lab-bench-after-the-firmware-update-of-march-with-thermal-throttling-off.csv';

/** How many lines the element's text takes (one rectangle per line box of its text). */
const lines = (cell: Locator) =>
  cell.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });

test('a long uploaded table name is cut, not a column; MACs stay on one line; Retrain buttons keep clear of the text', async ({ page }) => {
  await openStudio(page, { backend: 'cpu' });
  await page.getByLabel('Latency table', { exact: true }).setInputFiles({
    name: LONG,
    mimeType: 'text/csv',
    buffer: await readFile(fixture('custom-lut.csv')),
  });
  await expect(page.getByTestId('active-table')).toContainText(LONG);
  await openTab(page, 'Retrain & cross-device study');

  const nets = page.getByTestId('reference-nets');
  const header = nets.locator('thead th').nth(3);
  await expect(header).toHaveAttribute('title', new RegExp(LONG.replace(/[.]/g, '\\.')));
  const clip = header.locator('.clip-name');
  expect((await clip.boundingBox())!.width, 'the name shown in the header').toBeLessThan(160);
  expect(await clip.evaluate((el) => el.scrollWidth > el.clientWidth), 'the name is cut with an ellipsis').toBe(true);

  // Nothing overflows the card into its neighbour.
  const table = (await nets.locator('table').boundingBox())!;
  const holder = (await nets.boundingBox())!;
  expect(table.x + table.width).toBeLessThanOrEqual(holder.x + holder.width + 1);

  const rows = nets.getByTestId('reference-net');
  expect(await rows.count()).toBeGreaterThan(3);
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    for (const col of [1, 2, 3]) expect(await lines(row.locator('td').nth(col)), `row ${i} column ${col} on one line`).toBe(1);
    const button = (await row.getByRole('button', { name: /^Retrain / }).boundingBox())!;
    for (const col of [0, 1, 2, 3]) {
      const cell = (await row.locator('td').nth(col).boundingBox())!;
      expect(button.x, `row ${i}: the Retrain button starts right of column ${col}`).toBeGreaterThanOrEqual(cell.x + cell.width - 1);
    }
  }
});
