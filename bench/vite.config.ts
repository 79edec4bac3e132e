import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** Serves the bench page with the app's public/ folder, so the wasm binaries come from where the app serves them. */
export default defineConfig({
  root: resolve(import.meta.dirname, 'page'),
  publicDir: resolve(import.meta.dirname, '..', 'public'),
  // Cross-origin isolation: SharedArrayBuffer, which threaded wasm needs.
  server: {
    port: 5199,
    strictPort: false,
    hmr: false,
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
  logLevel: 'warn',
});
