/** The issue's speed targets, each a ratio taken from one bench run. */
import type { ReferenceResult } from './reference';
import type { StepResult } from './step';

type Row = Partial<StepResult> & { error?: string };

const ok = (r: Row): r is StepResult => !r.error && typeof r.msPerStep === 'number';
const fmt = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(2));

function line(name: string, value: number | null, goal: string, pass: boolean | null, detail: string): void {
  const verdict = pass == null ? 'n/a ' : pass ? 'met ' : 'MISS';
  console.log(`  [${verdict}] ${name}: ${value == null ? '–' : `${fmt(value)}×`} (goal ${goal}) ${detail}`);
}

export function printTargets(
  rows: Row[],
  reference: ReferenceResult[],
  ceiling: number,
  shapeCeiling: { config: string; macsPerSecond: number }[] = [],
  nodeCeiling = 0,
  config = 'toy',
): void {
  const steps = rows.filter(ok).filter((r) => r.config === config && r.phase === 'w');
  const find = (env: string, backend: string, mode: string) => steps.find((r) => r.env === env && r.backend === backend && r.mode === mode);
  console.log(`\nTargets (${config} config, w-steps):`);

  const cpuPath = steps
    .filter((r) => r.env === 'chromium' && r.backend !== 'webgpu' && r.mode === 'mixture')
    .sort((a, b) => a.msPerStep - b.msPerStep)[0];
  const gpu = find('chromium', 'webgpu', 'mixture');
  // WebGPU (SwiftShader without a GPU) at most 3× the wasm step of the same Chromium run.
  line(
    'webgpu vs best CPU-path backend (Chromium, mixture)',
    cpuPath && gpu ? gpu.msPerStep / cpuPath.msPerStep : null,
    '≤ 3×',
    cpuPath && gpu ? gpu.msPerStep / cpuPath.msPerStep <= 3 : null,
    cpuPath && gpu ? `${cpuPath.backend} ${fmt(cpuPath.msPerStep)} ms vs webgpu ${fmt(gpu.msPerStep)} ms` : '(run with --webgpu)',
  );

  const fastest = steps.filter((r) => r.backend !== 'webgpu').sort((a, b) => b.macsPerSecond - a.macsPerSecond)[0];
  line(
    'dense ceiling / achieved MAC/s',
    fastest && ceiling ? ceiling / fastest.macsPerSecond : null,
    '≤ 4×',
    fastest && ceiling ? ceiling / fastest.macsPerSecond <= 4 : null,
    fastest
      ? `${fastest.env}/${fastest.backend} ${fastest.mode} ${fmt(fastest.macsPerSecond / 1e6)} MMAC/s vs ${fmt(ceiling / 1e6)} MMAC/s`
      : '',
  );

  // Where the gap lies, all on one thread in Node: dense work, the step's kernels alone, the step.
  const atShapes = shapeCeiling.find((c) => c.config === config);
  const nodeStep = steps.filter((r) => r.env === 'node' && r.backend === 'wasm').sort((a, b) => b.macsPerSecond - a.macsPerSecond)[0];
  if (atShapes && nodeStep && nodeCeiling) {
    const g = (x: number) => `${(x / 1e9).toFixed(2)} GMAC/s`;
    console.log(
      `         node/wasm, one thread: dense ${g(nodeCeiling)} → ${config}'s kernels alone ${g(atShapes.macsPerSecond)} (${fmt(nodeCeiling / atShapes.macsPerSecond)}× less: the shapes)` +
        ` → its whole ${nodeStep.mode} step ${g(nodeStep.macsPerSecond)} (${fmt(atShapes.macsPerSecond / nodeStep.macsPerSecond)}× less: the framework)`,
    );
  }

  const mix = find('chromium', 'wasm', 'mixture') ?? find('node', 'wasm', 'mixture');
  const one = mix && find(mix.env, 'wasm', 'sampled');
  line(
    'sampled-path vs mixture speed-up (wasm, same batch)',
    mix && one ? mix.msPerStep / one.msPerStep : null,
    '≥ 4×',
    mix && one ? mix.msPerStep / one.msPerStep >= 4 : null,
    mix && one ? `${mix.env}: ${fmt(mix.msPerStep)} ms vs ${fmt(one.msPerStep)} ms` : '',
  );

  for (const ref of reference.filter((r) => r.config === config)) {
    const ours = steps.filter((r) => r.mode === ref.mode && r.backend !== 'webgpu').sort((a, b) => a.msPerStep - b.msPerStep)[0];
    line(
      `tfjs (best) / PyTorch ${ref.torch} CPU ${ref.threads} threads, ${ref.mode}`,
      ours ? ours.msPerStep / ref.msPerStep : null,
      'reference',
      null,
      ours ? `${ours.env}/${ours.backend} ${fmt(ours.msPerStep)} ms vs torch ${fmt(ref.msPerStep)} ms` : '',
    );
  }
}
