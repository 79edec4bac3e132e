import { fallbackChain, initBackend, probeWebGpu } from '../src/engine/backend';
import type { BackendAttempt, BackendChoice, BackendName, GpuAdapterInfo } from '../src/protocol';
import { errorMessage } from './assets';

export interface BackendSelection {
  active: BackendName | null;
  attempts: BackendAttempt[];
  adapter: GpuAdapterInfo;
}

/**
 * 'auto' uses WebGPU only on a real GPU adapter (a software fallback adapter is slower than wasm);
 * an explicit choice is tried first and, if it fails to initialise, the fallbacks follow.
 */
export async function selectBackend(choice: BackendChoice, wasmPath: string): Promise<BackendSelection> {
  let adapter: GpuAdapterInfo;
  try {
    adapter = await probeWebGpu();
  } catch (err) {
    adapter = { available: false, fallback: false, description: errorMessage(err) };
  }
  const order: BackendName[] = fallbackChain(adapter, choice === 'auto' ? undefined : choice);
  const attempts: BackendAttempt[] = [];
  for (const name of order) {
    try {
      const ok = await initBackend(name, { wasmPath });
      attempts.push({ name, ok, ...(ok ? {} : { error: 'failed to initialise' }) });
      if (ok) return { active: name, attempts, adapter };
    } catch (err) {
      attempts.push({ name, ok: false, error: errorMessage(err) });
    }
  }
  return { active: null, attempts, adapter };
}
