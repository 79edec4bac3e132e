/**
 * The round trip: the studio's "Run at scale (PyTorch)" package runs for real under torchrun (two
 * gloo processes on the CPU, Debian's python3-torch), and its run folder opened in the studio shows
 * the run's steps and argmax, exports it and offers its retrain. Following a folder that grows runs
 * on a stand-in for showDirectoryPicker (a headless browser has no picker to click through).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from '@playwright/test';
import { unzipSync } from 'fflate';
import { currentStep, openStudio, openTab, status, test } from './helpers';

const PYTHON = '/usr/bin/python3';
const work = mkdtempSync(join(tmpdir(), 'fbnet-round-trip-'));
const runDir = join(work, 'run');
/** Two epochs of 48 images: a run of a minute or so on two busy cores. */
const SMALL = { backend: 'wasm', trainSamples: '48', epochs: '2' };

function torchrun(pkg: string): Promise<void> {
  // Debian's torch 1.13 on Python 3.11 cannot parse torchrun's default --redirects/--tee; a map naming no real rank works.
  const args = ['-m', 'torch.distributed.run', '--redirects', '9:1', '--tee', '9:1', '--nproc_per_node=2'];
  args.push(`--master_port=${21000 + (process.pid % 20000)}`, join(pkg, 'search.py'), '--out', runDir);
  return new Promise((resolve, reject) => {
    const p = spawn(PYTHON, args, { env: { ...process.env, OMP_NUM_THREADS: '1' } });
    let log = '';
    p.stdout.on('data', (d) => (log += d));
    p.stderr.on('data', (d) => (log += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`torchrun exited ${code}:\n${log}`))));
  });
}

test.describe
  .serial('round trip to PyTorch and back', () => {
    test('the package the studio downloads runs under torchrun, and its run folder opens in the studio', async ({ page }) => {
      test.setTimeout(600_000);
      await openStudio(page, SMALL);
      await openTab(page, 'PyTorch at scale');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Run at scale (PyTorch)' }).click(),
      ]);
      const name = download.suggestedFilename();
      expect(name).toMatch(/^fbnet-search-fashion-mnist-pixel3-small-seed7-\d{8}-\d{6}\.zip$/);
      const entries = unzipSync(new Uint8Array(await readFile((await download.path())!)));
      const stem = name.replace(/\.zip$/, '');
      for (const [path, bytes] of Object.entries(entries)) {
        expect(path.startsWith(`${stem}/`)).toBe(true);
        mkdirSync(dirname(join(work, path)), { recursive: true });
        writeFileSync(join(work, path), bytes);
      }
      const pkg = join(work, stem);
      const doc = JSON.parse(readFileSync(join(pkg, 'search.json'), 'utf8'));
      expect(doc.config).toMatchObject({ inputSize: 8, trainSamples: 48, epochs: 2, seed: 7, lut: 'pixel3-small' });

      await torchrun(pkg);
      const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8'));
      expect(result.runtime).toMatchObject({ engine: 'pytorch', worldSize: 2, device: 'cpu' });
      const total = result.history.length;
      expect(total).toBeGreaterThan(4);

      await page.getByLabel('PyTorch run folder').setInputFiles(runDir);
      await expect(page.getByTestId('pytorch-run')).toHaveText(`PyTorch run (2 processes on cpu): step ${total} / ${total}, finished`);
      await expect(page.getByTestId('step-counter')).toHaveText(`${total} / ${total}`);
      await expect(status(page)).toHaveText('done');
      await expect(page.getByTestId('chart-latency').getByTestId('chart-line').first()).toBeVisible();
      await expect(page.getByLabel('Step scrubber')).toHaveAttribute('max', String(total));
      await expect(page.getByTestId('arch')).toHaveCount(1 + result.samples.length);
      const argmax = page.getByTestId('arch').first();
      await expect(argmax.locator('strong.mono')).toHaveText(result.argmax.name);
      await expect(argmax.locator('.chip')).toHaveText(result.argmax.blocks);
      await expect(argmax.getByRole('button', { name: `Retrain ${result.argmax.name}` })).toBeEnabled();

      const [exported] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export architectures' }).click(),
      ]);
      const json = JSON.parse(await readFile((await exported.path())!, 'utf8'));
      expect(json.argmax.blocks).toEqual(result.argmax.blocks);
      expect(json.history).toHaveLength(total);
      expect(json.runtime).toMatchObject({ engine: 'pytorch', worldSize: 2 });
    });

    test('a followed folder shows the second part of a growing events.jsonl, and a bad drop changes nothing', async ({ page }) => {
      const lines = readFileSync(join(runDir, 'events.jsonl'), 'utf8').split(/(?<=\n)/);
      const half = Math.floor(lines.length / 2);
      await page.addInitScript(() => {
        const files = new Map<string, string>();
        Object.assign(window, {
          __runFiles: files,
          showDirectoryPicker: async () => ({
            name: 'run',
            getFileHandle: async (name: string) => {
              if (!files.has(name)) throw new DOMException(`${name} not found`, 'NotFoundError');
              return { getFile: async () => new File([files.get(name)!], name) };
            },
          }),
        });
      });
      await openStudio(page, SMALL);
      await openTab(page, 'PyTorch at scale');
      const write = (name: string, text: string) =>
        page.evaluate(([n, t]) => (window as unknown as { __runFiles: Map<string, string> }).__runFiles.set(n, t), [name, text]);
      await write('events.jsonl', lines.slice(0, half).join(''));
      await page.getByRole('button', { name: 'Follow a run folder (live)' }).click();
      await expect(page.getByTestId('pytorch-run')).toContainText('(following)');
      await expect(page.getByRole('button', { name: 'Stop following' })).toBeVisible();
      const first = await currentStep(page);
      expect(first).toBeGreaterThan(0);

      await write('events.jsonl', lines.join(''));
      await write('result.json', readFileSync(join(runDir, 'result.json'), 'utf8'));
      const total = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')).history.length;
      await expect(page.getByTestId('step-counter')).toHaveText(`${total} / ${total}`, { timeout: 10_000 });
      expect(first).toBeLessThan(total);
      await expect(status(page)).toHaveText('done');
      await expect(page.getByRole('button', { name: 'Stop following' })).toHaveCount(0);

      // A broken file dropped on the page: named with its line, and the run stays as it was.
      await page.evaluate((text) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], 'events.jsonl'));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, `${lines[0]}{"type": "step", "step": 1}\n`);
      await expect(page.getByTestId('pytorch-run-error')).toContainText('events.jsonl line 2: ');
      await expect(page.getByTestId('step-counter')).toHaveText(`${total} / ${total}`);
    });
  });
