import { errorMessage } from '../src/engine/errors';
import { fallbackChain, initBackend, probeWebGpu } from '../src/engine/runtime/backend';
import { fastest, measureBackends, PROBE_DEFAULTS } from '../src/engine/runtime/probe';
import type { BackendAttempt, BackendChoice, BackendName, BackendProbeReport, GpuAdapterInfo } from '../src/app/protocol';
import { probeKey, readProbe, writeProbe } from './backend-cache';

export interface BackendSelection {
  active: BackendName | null;
  attempts: BackendAttempt[];
  adapter: GpuAdapterInfo;
  probe?: BackendProbeReport;
}

const userAgent = () => (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? 'unknown';

/**
 * 'auto' measures every candidate backend (WebGPU only on a real GPU adapter; a software one is
 * slower than wasm) once per browser and adapter, caches the timings, and starts the fastest;
 * an explicit choice is tried first and, if it fails to initialise, the fallbacks follow.
 */
export async function selectBackend(
  choice: BackendChoice,
  wasmPath: string,
  exclude: readonly BackendName[] = [],
  cancelled: () => boolean = () => false,
): Promise<BackendSelection> {
  let adapter: GpuAdapterInfo;
  try {
    adapter = await probeWebGpu();
  } catch (err) {
    adapter = { available: false, fallback: false, description: errorMessage(err) };
  }
  let probe: BackendProbeReport | undefined;
  let preferred: BackendName | undefined = choice === 'auto' ? undefined : choice;
  if (choice === 'auto') {
    probe = await measuredChoice(adapter, wasmPath, cancelled);
    preferred = probe.chosen ?? undefined;
  }
  if (preferred && exclude.includes(preferred)) preferred = undefined;
  // A backend that failed under a search is skipped: the next one in the chain takes over.
  const order: BackendName[] = fallbackChain(adapter, preferred).filter((b) => !exclude.includes(b));
  const attempts: BackendAttempt[] = [];
  for (const name of order) {
    try {
      const ok = await initBackend(name, { wasmPath });
      attempts.push({ name, ok, ...(ok ? {} : { error: 'failed to initialise' }) });
      if (ok) return { active: name, attempts, adapter, probe };
    } catch (err) {
      attempts.push({ name, ok: false, error: errorMessage(err) });
    }
  }
  return { active: null, attempts, adapter, probe };
}

async function measuredChoice(adapter: GpuAdapterInfo, wasmPath: string, cancelled: () => boolean): Promise<BackendProbeReport> {
  const key = probeKey(userAgent(), adapter);
  const cached = await readProbe(key);
  if (cached) return { rows: cached.rows, chosen: fastest(cached.rows), cached: true, measuredAt: cached.measuredAt };
  const gpu = adapter.available && !adapter.fallback;
  // Likeliest winners first, webgl (seconds of shader compiles on a software GPU) last: a search
  // started mid-probe then waits for the fewest steps.
  const candidates: BackendName[] = gpu ? ['webgpu', 'wasm', 'cpu', 'webgl'] : ['wasm', 'cpu', 'webgl'];
  const rows = await measureBackends(candidates, { ...PROBE_DEFAULTS, wasmPath }, cancelled);
  if (!gpu)
    rows.unshift({
      backend: 'webgpu',
      status: 'skipped',
      msPerStep: null,
      note: adapter.available ? 'software adapter, not a GPU' : 'no WebGPU adapter',
    });
  const measuredAt = Date.now();
  // A partial measurement is used but not cached: the next page load measures them all.
  if (fastest(rows) && !rows.some((r) => r.status === 'skipped' && r.backend !== 'webgpu')) await writeProbe(key, { rows, measuredAt });
  return { rows, chosen: fastest(rows), cached: false, measuredAt };
}
