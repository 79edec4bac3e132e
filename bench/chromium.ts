/** Drives the bench page in the system's headless Chromium, one backend per page load. */
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import type { CeilingResult } from './ceiling';
import type { StepOptions } from './step';
import { BASE_FLAGS, CHROMIUM_PATH, WEBGPU_FLAG } from '../e2e/chromium';

const FLAGS = [...BASE_FLAGS, WEBGPU_FLAG];

export interface ChromiumRun {
  configs: string[];
  opts: Omit<StepOptions, 'name' | 'env' | 'config'>;
  all: boolean;
  /** Time WebGPU even on a software adapter: mixture w-steps only, one untimed, two timed. */
  webgpuOnce: boolean;
  slow: Set<string>;
  /** Threads for the extra threaded-wasm pass (0: none). */
  threads: number;
  /** Only these backends' passes (default: every backend). */
  backends?: string[];
  log: (rows: object[]) => void;
}

/**
 * tfjs's threaded wasm sizes its thread pool at half of navigator.hardwareConcurrency (at most 4),
 * fixed when the module starts; the threaded pass reports that count as the page sees it, so on a
 * two-core machine the page is told it has 2·threads cores, or the pool would have one thread.
 */
const WASM_DIST = resolve(import.meta.dirname, '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');

export async function runChromium(
  o: ChromiumRun,
): Promise<{ results: object[]; ceiling: (CeilingResult & { env: string })[]; browser: Record<string, unknown> }> {
  const server = await createServer({ configFile: resolve(import.meta.dirname, 'vite.config.ts') });
  await server.listen();
  const url = server.resolvedUrls!.local[0];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
  const results: object[] = [];
  const ceiling: (CeilingResult & { env: string })[] = [];
  try {
    const probePage = await browser.newPage();
    await probePage.goto(`${url}?probe=1`);
    const gpu = (await probePage
      .waitForFunction(() => (globalThis as unknown as { __bench?: unknown }).__bench, undefined, { timeout: 60_000 })
      .then((h) => h.jsonValue())) as { available: boolean; fallback: boolean };
    await probePage.close();
    const passes: { backend: string; threads?: number }[] = [
      { backend: 'webgpu' },
      { backend: 'wasm' },
      ...(o.threads > 0 ? [{ backend: 'wasm', threads: o.threads }] : []),
      { backend: 'webgl' },
      { backend: 'cpu' },
    ];
    for (const { backend, threads } of passes.filter((p) => !o.backends || o.backends.includes(p.backend))) {
      const softwareGpu = !gpu.available || gpu.fallback;
      const once = backend === 'webgpu' && o.webgpuOnce;
      if (backend === 'webgpu' && softwareGpu && !o.all && !once) {
        results.push({
          config: o.configs[0],
          env: 'chromium',
          backend,
          error: 'skipped: software WebGPU adapter only (run with --webgpu or --all)',
        });
        o.log(results.slice(-1));
        continue;
      }
      const configs = (o.slow.has(backend) && !o.all) || once ? o.configs.slice(0, 1) : o.configs;
      // One untimed step first: the first step after the warm-up still makes buffers and a few pipelines.
      const opts = once
        ? { ...o.opts, modes: ['mixture' as const], phases: ['w' as const], warmup: 1, steps: 2 }
        : o.slow.has(backend) && !o.all
          ? { ...o.opts, modes: ['mixture' as const], phases: ['w' as const], warmup: 1, steps: 2 }
          : o.opts;
      const q = new URLSearchParams({
        backend,
        configs: configs.join(','),
        ceiling: backend === 'wasm' || backend === 'webgl' ? '1' : '0',
        opts: JSON.stringify(opts),
      });
      // The threaded binary is not served by the app (it stays single-threaded): take it from the package.
      if (threads) q.set('threads', String(threads)), q.set('wasmDir', `/@fs${WASM_DIST}/`);
      const page = await browser.newPage();
      page.on('pageerror', (e) => console.error(`[${backend}] ${e.message}`));
      await page.goto(`${url}?${q}`, { waitUntil: 'commit' });
      const budgetMs = once ? 480_000 : (configs.length * opts.modes.length * 2 * (opts.maxSecondsPerPhase + 60) + 60) * 1000;
      const r = (await page
        .waitForFunction(() => (globalThis as unknown as { __bench?: unknown }).__bench, undefined, { timeout: budgetMs, polling: 500 })
        .then((h) => h.jsonValue())
        .catch((e) => ({ error: `timed out: ${String(e).split('\n')[0]}` }))) as {
        error?: string;
        results?: object[];
        ceiling?: CeilingResult[];
      };
      await page.close();
      if (r.error) results.push({ config: configs[0], env: 'chromium', backend, error: r.error });
      results.push(...(r.results ?? []));
      ceiling.push(...(r.ceiling ?? []).map((c) => ({ ...c, env: 'chromium' })));
      o.log(r.results ?? [{ env: 'chromium', backend, error: r.error }]);
    }
    return { results, ceiling, browser: { chromium: browser.version(), webgpu: gpu } };
  } finally {
    await browser.close();
    await server.close();
  }
}
