import { test as base, expect, type Page } from '@playwright/test';

/**
 * The test of every spec that runs a search: any uncaught error on the page (a throw in a handler,
 * a rejected promise nobody awaited) fails the test, with the messages, even when the UI looks right.
 */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.stack ?? e.message));
      await use(errors);
      expect(errors, 'uncaught page errors').toEqual([]);
    },
    { auto: true },
  ],
});

/** A search small enough for a few steps a second on two cores: 8×8 inputs, width 0.25, a 32-channel head. */
export const TINY: Record<string, string> = {
  preset: 'cpu-quick',
  layout: 'small',
  inputSize: '8',
  width: '0.25',
  headChannels: '32',
  trainSamples: '80',
  testSamples: '16',
  batch: '8',
  epochs: '3',
  warmup: '1',
  samples: '2',
  seed: '7',
};

export function studioUrl(params: Record<string, string> = {}): string {
  return `/?${new URLSearchParams({ ...TINY, ...params }).toString()}`;
}

export async function currentStep(page: Page): Promise<number> {
  const text = (await page.getByTestId('step-counter').textContent()) ?? '';
  return Number(text.split('/')[0].trim());
}

/** Waits for the counter; a search that fails on the way fails the wait at once, with the studio's message. */
export async function waitForStep(page: Page, atLeast: number, timeout = 120_000): Promise<number> {
  const poll = async () => {
    if ((await status(page).textContent()) === 'error') {
      throw new Error(`the search failed: ${await page.locator('.header').textContent()}`);
    }
    return currentStep(page);
  };
  await expect.poll(poll, { timeout, message: `step counter to reach ${atLeast}` }).toBeGreaterThanOrEqual(atLeast);
  return currentStep(page);
}

export async function openStudio(page: Page, params: Record<string, string> = {}): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(studioUrl(params));
  await expect(page.getByTestId('active-backend')).not.toHaveText(/starting/, { timeout: 60_000 });
  await expect(page.getByTestId('active-table')).toContainText(/pixel3|\.csv/, { timeout: 60_000 });
  expect(errors, 'uncaught page errors').toEqual([]);
}

export const status = (page: Page) => page.getByTestId('run-status');

/** Opens one of the studio's Advanced tabs (everything beyond the main flow lives in them). */
export async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('tab', { name, exact: true });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}
