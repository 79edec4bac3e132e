import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { openStudio, openTab, status, test, waitForStep } from './helpers';

const data = (name: string) => fileURLToPath(new URL(`../tests/fixtures/data/${name}`, import.meta.url));
const IDX = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'].map((f) =>
  data(`idx/${f}`),
);

const active = (page: Page) => page.getByTestId('active-dataset');

async function uploadIdx(page: Page): Promise<void> {
  await expect(active(page)).toContainText('fashion-mnist');
  await page.getByLabel('Dataset files').setInputFiles(IDX);
  await expect(active(page)).toContainText('8×8×1 · 3 classes');
}

async function runAFewSteps(page: Page, steps: number): Promise<void> {
  await page.getByRole('button', { name: 'Start search' }).click();
  await waitForStep(page, steps);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status(page)).toHaveText('done');
}

test('an IDX upload shows its preview and split, adapts the space, and a search runs on it', async ({ page }) => {
  // 24 training images: batches of 4 leave one θ batch per epoch.
  await openStudio(page, { backend: 'cpu', batch: '4', epochs: '2' });
  await openTab(page, 'Dataset');
  await uploadIdx(page);
  await expect(active(page)).toContainText('idx');
  await expect(page.getByTestId('dataset-split')).toContainText(
    'uses 24 training and 9 test images, from 24 training and 9 test images in the files',
  );
  await expect(page.getByTestId('space-adapted')).toContainText('space adapted: 1 input channel, 3 classes, input 8×8');
  const classes = page.getByTestId('dataset-class');
  await expect(classes).toHaveCount(3);
  await expect(classes.first()).toContainText('8/3');
  await expect(classes.first().locator('canvas')).toBeVisible();
  await runAFewSteps(page, 2);
  await expect(page.getByTestId('arch').first()).toBeVisible();
});

test('an image-folder zip with train/test folders becomes the data of a search', async ({ page }) => {
  // 6 training images: batches of 2.
  await openStudio(page, { backend: 'cpu', batch: '2', epochs: '2' });
  await openTab(page, 'Dataset');
  await expect(active(page)).toContainText('fashion-mnist');
  await page.getByLabel('Dataset files').setInputFiles(data('folder-split.zip'));
  await expect(active(page)).toContainText('digits');
  await expect(active(page)).toContainText('image-folder · 6×6×1 · 2 classes');
  await expect(page.getByTestId('dataset-split')).toContainText('from 6 training and 2 test images in the files');
  await expect(page.getByTestId('space-adapted')).toContainText('2 classes, input 8×8 (images resized from 6×6)');
  await expect(page.getByTestId('dataset-class')).toHaveText([/one/, /zero/]);
  await runAFewSteps(page, 2);
});

test('malformed files are named precisely and leave the active dataset in place', async ({ page }) => {
  await openStudio(page, { backend: 'cpu' });
  await openTab(page, 'Dataset');
  await uploadIdx(page);
  const input = page.getByLabel('Dataset files');
  const error = page.getByTestId('dataset-error');

  await input.setInputFiles([data('bad/idx-magic/train-images-idx3-ubyte'), data('bad/idx-magic/train-labels-idx1-ubyte')]);
  await expect(error).toContainText('train-images-idx3-ubyte (offset 0): wrong magic number 0x00000804');
  await expect(error).toContainText('train-images-idx3-ubyte + 3 more stays active');

  await input.setInputFiles([data('bad/idx-mismatch/train-images-idx3-ubyte'), data('bad/idx-mismatch/train-labels-idx1-ubyte')]);
  await expect(error).toContainText('mismatched counts: 24 images but 23 labels');

  await input.setInputFiles(data('bad/folder-empty-class.zip'));
  await expect(error).toContainText('pets/fish/: class folder has no images');

  await page.getByLabel('Dataset folder').setInputFiles(data('bad/folder-unreadable'));
  await expect(error).toContainText('folder-unreadable/dog/1.png: unreadable image');

  await expect(active(page)).toContainText('8×8×1 · 3 classes');
  await expect(page.getByTestId('dataset-class')).toHaveCount(3);
  await expect(page.getByTestId('saved-dataset')).toHaveCount(1);
});

test('an uploaded dataset is kept for the next visit and can be deleted', async ({ page }) => {
  await openStudio(page, { backend: 'cpu' });
  await openTab(page, 'Dataset');
  await uploadIdx(page);
  const saved = page.getByTestId('saved-dataset');
  await expect(saved).toHaveCount(1);
  await expect(saved).toContainText('idx · 3 classes');

  await page.reload();
  await openTab(page, 'Dataset');
  await expect(active(page)).toContainText('8×8×1 · 3 classes');
  await expect(saved).toHaveCount(1);
  await expect(page.getByTestId('dataset-class')).toHaveCount(3);

  await saved.getByRole('button', { name: /^Delete/ }).click();
  await expect(saved).toHaveCount(0);
  await expect(active(page)).toContainText('fashion-mnist');
  await page.reload();
  await expect(active(page)).toContainText('fashion-mnist');
  await expect(saved).toHaveCount(0);
});
