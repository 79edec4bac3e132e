import type { Dataset, Split } from '../src/engine/data/dataset';
import type { LatencyTable } from '../src/engine/lut/latency';
import { Rng } from '../src/engine/rng';
import type { BLOCK_NAMES } from '../src/engine/space/blocks';
import { makeSpace, numLayers, type Space } from '../src/engine/space/space';

/** Class c lights up one of `classes` horizontal bands, plus Gaussian noise: learnable in a few steps. */
export function syntheticDataset(opts: { size: number; classes: number; train: number; test: number; seed: number }): Dataset {
  const rng = Rng.fromSeed(opts.seed, 7);
  const make = (n: number): Split => {
    const D = opts.size * opts.size;
    const x = new Float32Array(n * D);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % opts.classes;
      y[i] = c;
      for (let r = 0; r < opts.size; r++) {
        const on = Math.floor((r * opts.classes) / opts.size) === c;
        for (let col = 0; col < opts.size; col++) x[i * D + r * opts.size + col] = (on ? 1 : -0.5) + 0.3 * rng.normal();
      }
    }
    return { x, y, n };
  };
  return { name: 'synthetic', size: opts.size, channels: 1, numClasses: opts.classes, train: make(opts.train), test: make(opts.test) };
}

/** A tiny space for tests: 8×8 input, width 0.25, small head, and a few candidate blocks. */
export function tinySpace(allowed = ['k3_e1', 'k3_e3', 'k5_e1_g2', 'skip'] as (typeof BLOCK_NAMES)[number][], classes = 3): Space {
  return makeSpace('small', {
    inputSize: 8,
    inputChannels: 1,
    numClasses: classes,
    widthMultiplier: 0.25,
    headChannels: 32,
    allowedBlocks: allowed,
  });
}

/** Latency grows with the block's cost, skip is cheapest: what a real table looks like. */
export function syntheticTable(space: Space): LatencyTable {
  const perBlock = [0.3, 0.25, 0.6, 1.0, 0.4, 0.35, 0.8, 1.4, 0.05];
  return {
    name: 'synthetic',
    layers: Array.from({ length: numLayers(space) }, (_, l) => perBlock.map((v) => v * (1 + l / 22))),
    fixedMs: 1,
  };
}

/** Four searched layers (identity skip, stride-2 projection skip): fast enough for whole searches in tests. */
export function microSpace(allowed: (typeof BLOCK_NAMES)[number][] = ['k3_e1', 'k3_e3', 'k5_e1_g2', 'skip'], classes = 3): Space {
  return makeSpace(
    {
      inputSize: 8,
      inputChannels: 1,
      numClasses: classes,
      stem: { channels: 8, stride: 1 },
      stages: [
        { channels: 8, layers: 2, stride: 1 },
        { channels: 16, layers: 2, stride: 2 },
      ],
      headChannels: 16,
    },
    { allowedBlocks: allowed },
  );
}
