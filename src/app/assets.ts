import type { AssetPaths } from './protocol';

// Absolute, because the worker resolves relative URLs against its own script, not the page.
const served = (dir: string) => new URL(`${import.meta.env.BASE_URL}${dir}/`, location.href).href;

export const assetPaths = (): AssetPaths => ({ wasm: served('tfjs-wasm'), data: served('data'), luts: served('luts') });
