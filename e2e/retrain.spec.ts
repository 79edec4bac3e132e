import { readFile } from 'node:fs/promises';
import { expect, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import * as ort from 'onnxruntime-web';
import { archSchema } from '../src/engine/schemas';
import { openStudio, openTab, test } from './helpers';

async function setBudget(page: Page, label: string, value: string) {
  const box = page.getByLabel(label, { exact: true });
  await box.fill(value);
  await box.press('Enter');
}

async function download(page: Page, button: string, within: ReturnType<Page['getByTestId']>) {
  const [d] = await Promise.all([page.waitForEvent('download'), within.getByRole('button', { name: button }).click()]);
  return { name: d.suggestedFilename(), bytes: await readFile((await d.path())!) };
}

test('a reference net retrains on a tiny budget, lands on the plot and exports tfjs, ONNX, PyTorch and arch JSON', async ({ page }) => {
  await openStudio(page, { backend: 'wasm' });
  await openTab(page, 'Retrain & cross-device study');
  await setBudget(page, 'retrain epochs', '1');
  await setBudget(page, 'retrain train samples', '16');
  // A budget below one batch is refused with the reason and not applied.
  await setBudget(page, 'retrain train samples', '3');
  await expect(page.getByTestId('notice').filter({ hasText: 'train samples must be between the batch size (8)' })).toBeVisible();

  const refs = page.getByTestId('reference-net');
  await expect(refs).toHaveCount(8); // six published FBNets, MobileNetV2-like, cheapest
  await page.getByRole('button', { name: 'Retrain cheapest' }).click();
  await page.getByRole('button', { name: 'Retrain mobilenetv2_like' }).click();

  const done = page.getByTestId('retrained').filter({ has: page.getByTestId('retrain-state').filter({ hasText: /^done$/ }) });
  await expect(done).toHaveCount(2, { timeout: 150_000 });
  const cheapest = page.locator('[data-testid="retrained"][data-name="cheapest"]');
  await expect(cheapest.getByTestId('retrain-outcome')).toContainText(
    /test accuracy \d+\.\d%.*table \d+\.\d+ ms.*here \(wasm\) \d+\.\d+ ms/,
  );

  // Both on the plot; the cheapest net is the fastest, so it is on the Pareto front.
  const chart = page.getByTestId('tradeoff-chart');
  await expect(chart.locator('.tradeoff-points .recharts-scatter-symbol')).toHaveCount(2);
  // The fastest net is never dominated: cheapest is on the front.
  await expect(chart).toHaveAttribute('data-front', /^cheapest( mobilenetv2_like)?$/);
  await expect(chart.locator('.pareto-front path').first()).toBeAttached();
  // Evenly spaced ticks on both axes, and every label (ticks, point names) inside the plot.
  // (recharts draws tick labels in a layer of their own: the y axis's are the percentages)
  const tickTexts = await chart.locator('.recharts-cartesian-axis-tick-value').allTextContents();
  for (const [axis, ticks] of [
    ['x', tickTexts.filter((t) => !t.endsWith('%'))],
    ['y', tickTexts.filter((t) => t.endsWith('%'))],
  ] as const) {
    const values = ticks.map((t) => Number.parseFloat(t));
    expect(values.length, `${axis} ticks`).toBeGreaterThanOrEqual(2);
    const gaps = values.slice(1).map((t, i) => +(t - values[i]).toPrecision(6));
    expect(new Set(gaps).size, `${axis} ticks ${ticks.join(', ')}`).toBe(1);
  }
  const plot = (await chart.locator('.recharts-wrapper > svg').first().boundingBox())!;
  for (const label of await chart.locator('.recharts-label-list text, .recharts-cartesian-axis-tick-value').all()) {
    const box = (await label.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(plot.x - 1);
    expect(box.x + box.width, `label ${await label.textContent()}`).toBeLessThanOrEqual(plot.x + plot.width + 1);
  }
  await chart.locator('.tradeoff-points.reference .recharts-scatter-symbol').first().hover();
  await expect(chart.getByTestId('tradeoff-tip')).toBeVisible();
  await expect(chart.getByTestId('tradeoff-tip').locator('.tip-block')).toHaveCount(22);

  const zip = await download(page, 'tfjs model (.zip)', cheapest);
  expect(zip.name).toMatch(/^cheapest-\d+-tfjs\.zip$/);
  const files = unzipSync(new Uint8Array(zip.bytes));
  const model = JSON.parse(strFromU8(files['model.json']));
  expect(model.format).toBe('layers-model');
  expect(model.weightsManifest[0].paths).toEqual(['weights.bin']);
  const floats = model.weightsManifest[0].weights.reduce((n: number, w: { shape: number[] }) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  expect(files['weights.bin'].byteLength).toBe(floats * 4);

  // The ONNX model of the trained weights runs in onnxruntime on the tfjs model's input layout.
  const onnx = await download(page, 'ONNX (.onnx)', cheapest);
  expect(onnx.name).toMatch(/^cheapest-\d+\.onnx$/);
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(new Uint8Array(onnx.bytes));
  // The tfjs model's input shape, [null, H, W, C]: the ONNX model takes the same layout.
  const [, h, w, c] = model.modelTopology.config.layers[0].config.batch_input_shape as number[];
  const n = 1;
  const logits = (await session.run({ image: new ort.Tensor('float32', new Float32Array(n * h * w * c).fill(0.5), [n, h, w, c]) })).logits;
  expect(logits.dims).toEqual([1, 10]);
  expect(Array.from(logits.data as Float32Array).every(Number.isFinite)).toBe(true);
  await session.release();

  const py = await download(page, 'PyTorch (.py)', cheapest);
  expect(py.name).toMatch(/\.py$/);
  expect(py.bytes.toString('utf8')).toContain('class FBNet(nn.Module):');

  const arch = await download(page, 'arch JSON', cheapest);
  const doc = JSON.parse(arch.bytes.toString('utf8'));
  const parsed = archSchema.safeParse(doc);
  expect(parsed.success, JSON.stringify(parsed.error?.issues ?? [])).toBe(true);
  expect(doc.name).toBe('cheapest');
  expect(doc.testAccuracy).toBeGreaterThanOrEqual(0);
});

test('a cross-device study over two tables shows the matrix with each row’s own device highlighted', async ({ page }) => {
  await openStudio(page, { backend: 'wasm', epochs: '2', warmup: '1', trainSamples: '40' });
  await openTab(page, 'Retrain & cross-device study');
  const study = page.getByTestId('cross-device');
  await study.getByLabel('study table pixel3-small').check();
  await study.getByLabel('study table raspi4-small').check();
  await study.getByRole('button', { name: /Run study/ }).click();
  await expect(study.getByTestId('study-progress')).toBeVisible();
  // A search cannot start on the worker while the study runs.
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(page.getByTestId('notice').filter({ hasText: 'a cross-device study is running' })).toBeVisible();

  const matrix = study.getByTestId('study-matrix');
  await expect(matrix).toBeVisible({ timeout: 150_000 });
  await expect(matrix.locator('tbody tr')).toHaveCount(2);
  await expect(matrix.getByTestId('study-own')).toHaveCount(2);
  await expect(matrix.locator('tbody tr').first().getByTestId('study-own')).toHaveText(/\d+\.\d+ ms/);
  await expect(matrix.locator('tbody td', { hasText: /\d+\.\d+ ms/ })).toHaveCount(4);
});
