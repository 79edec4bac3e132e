/**
 * One backend's measurement of the search step: a real `Search` on random data, w-steps then
 * θ-steps, timed around `step()` (which includes the batch upload and the one readback).
 * DOM-free, so the same code runs in Node and on the bench page.
 */
import { tf } from '../src/engine/runtime/tf';
import { BLOCK_NAMES } from '../src/engine/space/blocks';
import { blockCost, fixedCosts } from '../src/engine/space/costs';
import type { Dataset, Split } from '../src/engine/data/dataset';
import type { LatencyTable } from '../src/engine/lut/latency';
import { Rng } from '../src/engine/rng';
import { parseOrThrow, searchConfigSchema, type SearchConfigInput, type SearchMode } from '../src/engine/schemas';
import { allowedMask, layerShapes, numLayers, type Space } from '../src/engine/space/space';
import { resolveSpace, Search } from '../src/engine/search';
import { warmUpPipelines } from '../src/engine/runtime/warmup';

export interface StepResult {
  config: string;
  env: 'node' | 'chromium';
  backend: string;
  threads: number;
  mode: SearchMode;
  phase: 'w' | 'theta';
  batch: number;
  steps: number;
  msPerStep: number;
  imagesPerSecond: number;
  macsPerStep: number;
  macsPerSecond: number;
  numTensors: number;
  /** Tensors alive after the first and the last measured step: equal when nothing leaks. */
  numTensorsFirst: number;
  /** WebGPU's parallel pipeline compile before the first step (0 elsewhere). */
  compileMs: number;
}

export interface StepOptions {
  name: string;
  env: 'node' | 'chromium';
  config: SearchConfigInput;
  modes: SearchMode[];
  warmup: number;
  steps: number;
  /** Stop measuring a phase once this much time went into it (at least one measured step). */
  maxSecondsPerPhase: number;
  /** Only these phases (default both); a w-only run skips the θ share entirely. */
  phases?: ('w' | 'theta')[];
}

function randomSplit(rng: Rng, n: number, d: number, classes: number): Split {
  const x = new Float32Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  return { x, y: Int32Array.from({ length: n }, (_, i) => i % classes), n };
}

export function randomDataset(size: number, train: number, test: number): Dataset {
  const rng = Rng.fromSeed(1, 99);
  return {
    name: 'random',
    size,
    channels: 1,
    numClasses: 10,
    train: randomSplit(rng, train, size * size, 10),
    test: randomSplit(rng, test, size * size, 10),
  };
}

export function flatTable(space: Space): LatencyTable {
  return { name: 'flat', layers: Array.from({ length: numLayers(space) }, () => BLOCK_NAMES.map(() => 1)), fixedMs: 1 };
}

/**
 * Forward MACs per image: every allowed block in mixture mode, the mean allowed block in sampled
 * mode. A training step counts 3× (forward, input gradient, weight gradient).
 */
export function forwardMacs(space: Space, mode: SearchMode): number {
  const mask = allowedMask(space);
  const fixed = fixedCosts(space);
  let macs = fixed.stem.macs + fixed.head.macs + fixed.fc.macs;
  layerShapes(space).forEach((shape, l) => {
    const costs = BLOCK_NAMES.filter((_, i) => mask[l][i]).map((b) => blockCost(b, shape).macs);
    const sum = costs.reduce((a, b) => a + b, 0);
    macs += mode === 'mixture' ? sum : sum / costs.length;
  });
  return macs;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function benchSteps(o: StepOptions): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const mode of o.modes) {
    const perPhase = o.warmup + o.steps + 1;
    const base = parseOrThrow(searchConfigSchema, { ...o.config, mode }, 'bench config');
    const B = base.batchSize;
    // Half the samples train w, half θ, exactly perPhase batches each; no epoch ever closes.
    const config = { ...base, trainSamples: 2 * B * perPhase, testSamples: B, wSplit: 0.5, warmupEpochs: 0, epochs: 2 };
    const size = config.inputSize ?? 16;
    const dataset = randomDataset(size, config.trainSamples, config.testSamples);
    const space = resolveSpace(config, dataset);
    const search = await Search.create({ config, dataset, table: flatTable(space) });
    const c0 = performance.now();
    const compiled = await warmUpPipelines(search);
    const compileMs = compiled ? performance.now() - c0 : 0;
    const macsPerStep = 3 * B * forwardMacs(space, mode);
    for (const phase of o.phases ?? (['w', 'theta'] as const)) {
      const times: number[] = [];
      let first = -1;
      let spent = 0;
      let executed = 0;
      while (executed < perPhase - 1) {
        const t0 = performance.now();
        const events = await search.step();
        const ms = performance.now() - t0;
        executed++;
        const ev = events.find((e) => e.type === 'step');
        if (!ev || ev.phase !== phase) throw new Error(`expected a ${phase} step`);
        if (executed <= o.warmup) continue;
        times.push(ms);
        if (first < 0) first = tf.memory().numTensors;
        spent += ms;
        if (spent > o.maxSecondsPerPhase * 1000) break;
      }
      const numTensors = tf.memory().numTensors;
      // θ-steps only start once the w share of the epoch is used up: finish it untimed.
      if (phase === 'w' && o.phases?.includes('theta') !== false) {
        for (; executed < perPhase; executed++) await search.step();
      }
      const ms = median(times);
      results.push({
        config: o.name,
        env: o.env,
        backend: tf.getBackend(),
        threads: threadsOf(),
        mode,
        phase,
        batch: B,
        steps: times.length,
        msPerStep: ms,
        imagesPerSecond: (1000 * B) / ms,
        macsPerStep,
        macsPerSecond: (1000 * macsPerStep) / ms,
        numTensors,
        numTensorsFirst: first,
        compileMs,
      });
    }
    search.dispose();
  }
  return results;
}

function threadsOf(): number {
  if (tf.getBackend() !== 'wasm') return 1;
  const b = tf.backend() as unknown as { wasm?: { tfjs?: { getThreadsCount?: () => number } } };
  return b.wasm?.tfjs?.getThreadsCount?.() ?? 1;
}
