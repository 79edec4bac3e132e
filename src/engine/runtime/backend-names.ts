/** The tfjs backends the studio can run on, fastest first where a GPU is present. No tfjs import: the page reads these too. */
export const BACKEND_NAMES = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
