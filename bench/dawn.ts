/**
 * tfjs's WebGPU backend in Node through Dawn's Node binding (the `webgpu` package). Where the
 * machine has no Vulkan GPU, Chromium's SwiftShader (a software Vulkan driver with its own Vulkan
 * loader) stands in: `dawnEnv` names the variables a process needs for that, since the loader's
 * library path is read when the process starts.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** Folders that may hold Chromium's libvk_swiftshader.so and libvulkan.so.1. */
function swiftShaderDirs(): string[] {
  const dirs = [process.env.SWIFTSHADER_DIR, '/usr/lib/chromium', '/usr/lib64/chromium'];
  const chromium = process.env.CHROMIUM_PATH;
  if (chromium && existsSync(chromium)) dirs.push(dirname(realpathSync(chromium)));
  return dirs.filter((d): d is string => !!d);
}

/** The environment that makes Dawn use SwiftShader; empty when no SwiftShader is found. */
export function dawnEnv(): Record<string, string> {
  const dir = swiftShaderDirs().find((d) => existsSync(join(d, 'vk_swiftshader_icd.json')) && existsSync(join(d, 'libvulkan.so.1')));
  if (!dir) return {};
  const path = process.env.LD_LIBRARY_PATH ?? '';
  return {
    VK_ICD_FILENAMES: join(dir, 'vk_swiftshader_icd.json'),
    LD_LIBRARY_PATH: path.split(':').includes(dir) ? path : [dir, path].filter(Boolean).join(':'),
  };
}

export interface DawnAdapter {
  vendor: string;
  architecture: string;
  description: string;
}

/** Puts Dawn's navigator.gpu on globalThis; resolves the adapter it offers (throws when none). */
export async function installDawn(flags: string[] = []): Promise<DawnAdapter> {
  let dawn: { create(flags: string[]): unknown; globals: Record<string, unknown> };
  try {
    dawn = (await import('webgpu' as string)) as typeof dawn;
  } catch (e) {
    throw new Error(`the \`webgpu\` package (Dawn for Node) did not load: ${String(e)}`);
  }
  Object.assign(globalThis, dawn.globals);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawn.create(flags) }, configurable: true });
  const gpu = (globalThis as unknown as { navigator: { gpu: { requestAdapter(): Promise<{ info?: Record<string, unknown> } | null> } } })
    .navigator.gpu;
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    throw new Error(
      "Dawn found no WebGPU adapter: no Vulkan GPU, and no SwiftShader (Chromium's libvk_swiftshader.so) in the environment dawnEnv() sets",
    );
  }
  const info = adapter.info ?? {};
  return { vendor: String(info.vendor ?? ''), architecture: String(info.architecture ?? ''), description: String(info.description ?? '') };
}

/**
 * Runs this script again with `dawnEnv()` when the process started without it (the Vulkan loader's
 * path cannot change after start); returns only in the process that has it.
 */
export function relaunchWithDawnEnv(): void {
  const env = dawnEnv();
  if (Object.entries(env).every(([k, v]) => process.env[k] === v)) return;
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  process.exit(r.status ?? 1);
}
