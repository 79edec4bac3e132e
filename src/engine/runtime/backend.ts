/**
 * Starting a tfjs backend. The backend packages are imported lazily so Node never loads the
 * WebGPU package; `navigator.gpu` is reached through `globalThis` because the engine compiles
 * without DOM types and also runs where there is no navigator at all.
 */
import { namesSoftwareAdapter } from './adapter';
import type { BackendName } from './backend-names';
import { tf } from './tf';
import { registerWasmCopyKernels } from './wasm-kernels';

export { BACKEND_NAMES, type BackendName } from './backend-names';

export interface WebGpuProbe {
  available: boolean;
  /** The adapter is a software fallback (e.g. SwiftShader): no GPU worth using. */
  fallback: boolean;
  vendor?: string;
  architecture?: string;
  description?: string;
}

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  requestAdapterInfo?: () => Promise<{ vendor?: string; architecture?: string; description?: string }>;
}
interface GpuLike {
  requestAdapter(opts?: unknown): Promise<GpuAdapterLike | null>;
}

function navigatorGpu(): GpuLike | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  return nav?.gpu;
}

export async function probeWebGpu(): Promise<WebGpuProbe> {
  const gpu = navigatorGpu();
  if (!gpu) return { available: false, fallback: false };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { available: false, fallback: false };
    const info = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
    const flagged = adapter.isFallbackAdapter === true || adapter.info?.isFallbackAdapter === true;
    const named = namesSoftwareAdapter(info);
    return {
      available: true,
      fallback: flagged || named,
      vendor: info.vendor || undefined,
      architecture: info.architecture || undefined,
      description: info.description || undefined,
    };
  } catch {
    return { available: false, fallback: false };
  }
}

/**
 * The order to try backends in: WebGPU only on a real GPU, then wasm (fastest on CPUs), then
 * WebGL, then plain JS. A `preferred` backend goes first when given.
 */
export function fallbackChain(probe: Pick<WebGpuProbe, 'available' | 'fallback'>, preferred?: BackendName): BackendName[] {
  const chain: BackendName[] = probe.available && !probe.fallback ? ['webgpu', 'wasm', 'webgl', 'cpu'] : ['wasm', 'webgl', 'cpu'];
  if (!preferred) return chain;
  return [preferred, ...chain.filter((b) => b !== preferred)];
}

async function register(name: BackendName, wasmPath?: string, threads = false): Promise<boolean> {
  if (name === 'webgpu') {
    if (!navigatorGpu()) return false;
    await import('@tensorflow/tfjs-backend-webgpu');
    (await import('../webgpu/register')).registerWebGpuKernels();
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Single-threaded unless asked (the bench's threaded pass): a search step is thousands of
    // small kernels, and with a 2-thread pool it ran several times slower (bench/README.md).
    if (!threads) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (wasmPath) wasm.setWasmPaths(wasmPath.endsWith('/') ? wasmPath : `${wasmPath}/`);
    registerWasmCopyKernels();
  } else if (name === 'webgl') {
    // The tfjs bundle registers webgl itself; it only starts where a WebGL context exists.
    if (
      typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas === 'undefined' &&
      typeof (globalThis as { document?: unknown }).document === 'undefined'
    )
      return false;
  }
  return tf.findBackendFactory(name) != null;
}

/** Makes `name` the active backend. Resolves false (never throws) when it cannot start. */
export async function initBackend(name: BackendName, opts: { wasmPath?: string; threads?: boolean } = {}): Promise<boolean> {
  try {
    if (!(await register(name, opts.wasmPath, opts.threads))) return false;
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    if (name === 'webgpu') (await import('../webgpu/register')).tuneWebGpuBackend(tf.backend());
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** Walks `chain` and starts the first backend that comes up; null if none did. */
export async function initFirstBackend(chain: BackendName[], opts: { wasmPath?: string } = {}): Promise<BackendName | null> {
  for (const name of chain) if (await initBackend(name, opts)) return name;
  return null;
}
