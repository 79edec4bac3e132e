import { createStore, get, set, type UseStore } from 'idb-keyval';
import { PROBE_VERSION, type ProbeRow } from '../src/engine/runtime/probe';
import type { GpuAdapterInfo } from '../src/app/protocol';

export interface CachedProbe {
  rows: ProbeRow[];
  measuredAt: number;
}

let store: UseStore | null = null;
const db = () => (store ??= createStore('fbnet-studio-backend', 'probe'));

/** One measurement per browser build and GPU adapter: either changing can change the winner. */
export function probeKey(userAgent: string, adapter: GpuAdapterInfo): string {
  const gpu = adapter.available
    ? [adapter.vendor, adapter.architecture, adapter.description, adapter.fallback ? 'fallback' : ''].join('/')
    : 'none';
  return `v${PROBE_VERSION}|${userAgent}|${gpu}`;
}

/** A storage failure (private mode, quota) only costs a fresh measurement. */
export async function readProbe(key: string): Promise<CachedProbe | null> {
  try {
    return ((await get(key, db())) as CachedProbe | undefined) ?? null;
  } catch {
    return null;
  }
}

export async function writeProbe(key: string, value: CachedProbe): Promise<void> {
  try {
    await set(key, value, db());
  } catch {
    // Not cached: the next page load measures again.
  }
}
