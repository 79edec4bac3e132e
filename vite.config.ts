import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';

// Test runs set this: a file saved mid-run must not reload the page under a running search.
const frozen = process.env.STUDIO_NO_HMR === '1';

// Cross-origin isolation: gives the worker SharedArrayBuffer and precise timers (and leaves the
// door open for threaded wasm); every asset is same-origin, so nothing is blocked by it.
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// The same policy as index.html's meta tag (a header also covers the worker, which a meta tag cannot,
// and may forbid framing). No 'unsafe-eval': wasm compiles under 'wasm-unsafe-eval'; inline styles
// are the charts' own attributes.
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
const HEADERS = { ...ISOLATION, 'Content-Security-Policy': CSP };
// The dev server (with fast refresh) adds one inline script, React's refresh preamble: it is
// allowed by its hash, in dev only.
const PREAMBLE = `'sha256-${createHash('sha256').update(react.preambleCode.replace('__BASE__', '/')).digest('base64')}'`;
const withPreamble = (policy: string) => policy.replace("script-src 'self'", `script-src 'self' ${PREAMBLE}`);
const DEV_HEADERS = { ...ISOLATION, 'Content-Security-Policy': frozen ? CSP : withPreamble(CSP) };
const devPreambleCsp = {
  name: 'csp-dev-preamble',
  apply: 'serve' as const,
  transformIndexHtml: (html: string) => (frozen ? html : withPreamble(html)),
};

export default defineConfig({
  plugins: [react(), devPreambleCsp],
  // Its own optimiser cache: another vite server in this checkout (or the e2e one) must not invalidate it.
  cacheDir: frozen ? `node_modules/.vite-studio-e2e-${process.env.E2E_PORT ?? 'default'}` : 'node_modules/.vite-studio',
  // A relative base keeps the build deployable under any path; the worker builds its asset URLs from BASE_URL.
  base: './',
  worker: { format: 'es' },
  preview: { headers: HEADERS },
  server: {
    headers: DEV_HEADERS,
    port: 5173,
    ...(frozen ? { hmr: false, watch: null } : {}),
  },
  // Listed up front: discovering the worker's lazily imported backends later would reload the page.
  optimizeDeps: {
    entries: ['index.html', 'workers/search.worker.ts'],
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgpu',
      'react',
      'react-dom',
      'react-dom/client',
      'recharts',
      'zustand',
      'zod',
      'papaparse',
      'fflate',
      'fast-png',
      'jpeg-js',
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
