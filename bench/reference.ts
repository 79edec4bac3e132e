/**
 * The PyTorch reference: bench/reference/step.py run by the system Python (Debian's
 * python3-torch imports only there) on the CPU with two threads. Skipped, with a note, when
 * torch cannot be imported.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { BLOCK_NAMES } from '../src/engine/space/blocks';
import { parseOrThrow, searchConfigSchema, type SearchConfigInput, type SearchMode } from '../src/engine/schemas';
import { allowedMask, layerShapes } from '../src/engine/space/space';
import { resolveSpace } from '../src/engine/search';

const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

export interface ReferenceResult {
  config: string;
  mode: SearchMode;
  msPerStep: number;
  steps: number;
  torch: string;
  threads: number;
}

export function torchAvailable(): { ok: true; version: string } | { ok: false; why: string } {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (r.status === 0) return { ok: true, version: r.stdout.trim() };
  return { ok: false, why: r.error ? `${PYTHON} not found` : (r.stderr.trim().split('\n').at(-1) ?? 'import failed') };
}

export function runReference(
  name: string,
  input: SearchConfigInput,
  modes: SearchMode[],
  o: { warmup: number; steps: number; threads?: number },
): ReferenceResult[] {
  const config = parseOrThrow(searchConfigSchema, input, 'bench config');
  // The bench data: one channel, ten classes, the config's input size (16 when unset).
  const space = resolveSpace(config, { channels: 1, numClasses: 10, size: config.inputSize ?? 16 });
  const mask = allowedMask(space);
  const spec = {
    inputSize: space.inputSize,
    inputChannels: space.inputChannels,
    numClasses: space.numClasses,
    stem: space.stem,
    headChannels: space.headChannels,
    layers: layerShapes(space).map((shape, l) => ({ shape, blocks: BLOCK_NAMES.filter((_, i) => mask[l][i]) })),
    batch: config.batchSize,
    modes,
    warmup: o.warmup,
    steps: o.steps,
    threads: o.threads ?? 2,
  };
  // Passive OpenMP waits: spinning threads on a busy two-core machine made a step 20× slower.
  const env = { ...process.env, OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? 'PASSIVE' };
  const r = spawnSync(PYTHON, [resolve(import.meta.dirname, 'reference', 'step.py')], {
    input: JSON.stringify(spec),
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env,
  });
  if (r.status !== 0) throw new Error(`PyTorch reference failed: ${r.stderr.trim().split('\n').at(-1)}`);
  return (JSON.parse(r.stdout) as Omit<ReferenceResult, 'config'>[]).map((x) => ({ config: name, ...x }));
}
