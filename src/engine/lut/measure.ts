import { BLOCK_NAMES } from '../space/blocks';
import type { LatencyTable } from './latency';
import { makeBlock, Head, Stem, type Module } from '../nn/block';
import { ParamStore } from '../nn/params';
import { Rng } from '../rng';
import { allowedAt, headInput, layerShapes, type Space } from '../space/space';
import { tf } from '../runtime/tf';

export interface MeasureOptions {
  /** Timed runs per op; the median is kept (default 10). */
  repeats?: number;
  /** Untimed runs first, so shader compilation and allocation stay out of the numbers (default 3). */
  warmup?: number;
  onProgress?: (done: number, total: number, what: string) => void;
  signal?: AbortSignal;
  /** Clock in ms (default performance.now). */
  now?: () => number;
  seed?: number;
  /**
   * Awaited between ops. Backends whose reads resolve as microtasks (cpu, wasm) never yield to the
   * host's event loop otherwise, so a worker could not receive a cancel until the end.
   */
  between?: () => Promise<void>;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * ms per forward pass at batch 1, read back so asynchronous backends have really finished.
 * `input` is never disposed here: an identity skip returns it unchanged.
 */
async function timeOp(
  run: () => tf.Tensor,
  input: tf.Tensor,
  o: Required<Pick<MeasureOptions, 'repeats' | 'warmup' | 'now'>>,
): Promise<number> {
  for (let i = 0; i < o.warmup; i++) {
    const y = run();
    await y.data();
    if (y !== input) y.dispose();
  }
  const times: number[] = [];
  for (let i = 0; i < o.repeats; i++) {
    const t0 = o.now();
    const y = run();
    await y.data();
    times.push(o.now() - t0);
    if (y !== input) y.dispose();
  }
  return median(times);
}

/** Times every allowed (layer, block) and the fixed stem and head on the active tfjs backend. */
export async function measureTable(space: Space, opts: MeasureOptions = {}): Promise<LatencyTable> {
  const o = {
    repeats: opts.repeats ?? 10,
    warmup: opts.warmup ?? 3,
    now: opts.now ?? (() => performance.now()),
  };
  if (!(o.repeats >= 1)) throw new Error(`measureTable: repeats must be ≥ 1, got ${o.repeats}`);
  await tf.ready();
  const shapes = layerShapes(space);
  const jobs: { what: string; size: number; channels: number; build: (p: ParamStore) => Module | Head; put: (ms: number) => void }[] = [];
  const layers: (number | null)[][] = shapes.map(() => BLOCK_NAMES.map(() => null));
  const fixed: Record<string, number> = {};
  jobs.push({
    what: 'stem',
    size: space.inputSize,
    channels: space.inputChannels,
    build: (p) => new Stem(space.inputChannels, space.stem.channels, space.stem.stride, p),
    put: (ms) => (fixed.stem = ms),
  });
  for (const sh of shapes) {
    for (const b of allowedAt(space, sh.index)) {
      jobs.push({
        what: `layer ${sh.index} ${b}`,
        size: sh.inputSize,
        channels: sh.cIn,
        build: (p) => makeBlock(b, sh, p),
        put: (ms) => (layers[sh.index][BLOCK_NAMES.indexOf(b)] = ms),
      });
    }
  }
  const hi = headInput(space);
  jobs.push({
    what: 'head',
    size: hi.size,
    channels: hi.channels,
    build: (p) => new Head(hi.channels, space.headChannels, space.numClasses, p),
    put: (ms) => (fixed.head = ms),
  });
  const rng = Rng.fromSeed(opts.seed ?? 0);
  for (let i = 0; i < jobs.length; i++) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('measurement aborted');
    const job = jobs[i];
    const params = new ParamStore(rng);
    const x = tf.randomNormal([1, job.size, job.size, job.channels], 0, 1, 'float32', rng.int(2 ** 31)) as tf.Tensor4D;
    try {
      const m = job.build(params);
      job.put(await timeOp(() => tf.tidy(() => m.forward(x, { training: false })), x, o));
    } finally {
      x.dispose();
      params.dispose();
    }
    opts.onProgress?.(i + 1, jobs.length, job.what);
    await opts.between?.();
  }
  return {
    name: `measured on ${tf.getBackend()}`,
    layers,
    fixedMs: Object.values(fixed).reduce((a, b) => a + b, 0),
    fixed,
    source: `tfjs ${tf.getBackend()} backend, batch 1, median of ${o.repeats} after ${o.warmup} warm-up runs`,
  };
}
