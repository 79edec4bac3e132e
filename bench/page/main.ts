/** The bench page: one backend per load, chosen in the query string; results land on globalThis. */
import { initBackend, probeWebGpu, type BackendName } from '../../src/engine/runtime/backend';
import { measureCeiling } from '../ceiling';
import { benchConfig } from '../configs';
import { benchSteps, type StepOptions } from '../step';

const g = globalThis as unknown as { location: { search: string }; __bench?: unknown };
const q = new URLSearchParams(g.location.search);

async function run() {
  if (q.get('probe') === '1') return probeWebGpu();
  const backend = q.get('backend') as BackendName;
  const threads = Number(q.get('threads') ?? 0);
  if (threads > 0) {
    // tfjs's threaded wasm makes a pool of hardwareConcurrency / 2 threads when it starts.
    Object.defineProperty((globalThis as unknown as { navigator: object }).navigator, 'hardwareConcurrency', { get: () => 2 * threads });
  }
  const wasmPath = q.get('wasmDir') ?? `${import.meta.env.BASE_URL}tfjs-wasm/`;
  if (!(await initBackend(backend, { wasmPath, threads: threads > 0 }))) {
    return { error: `backend ${backend} did not start` };
  }
  const ceiling = q.get('ceiling') === '1' ? await measureCeiling() : [];
  const results = [];
  for (const name of (q.get('configs') ?? 'toy').split(',')) {
    const c = benchConfig(name);
    const opts: StepOptions = JSON.parse(q.get('opts') ?? '{}');
    for (const mode of opts.modes) {
      try {
        results.push(...(await benchSteps({ ...opts, modes: [mode], name, env: 'chromium', config: c.config })));
      } catch (e) {
        results.push({ config: name, env: 'chromium', backend, mode, error: String(e) });
      }
    }
  }
  return { ceiling, results };
}

run().then(
  (r) => (g.__bench = r),
  (e) => (g.__bench = { error: String(e) }),
);
