/**
 * One PyTorch process replays the engine's own search: the same seeded weights, data order, Gumbel
 * noise, schedule and optimiser steps, so the histories agree step by step up to float rounding.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeSources } from '../src/cli/export-search';
import { loadDatasetNode } from '../src/cli/node-data';
import { tf } from '../src/engine/runtime/tf';
import { parseExportConfig, writeSearchPackage } from '../src/engine/export/search-package';
import type { SearchConfig } from '../src/engine/schemas';
import { RunDriver, Search } from '../src/engine/search';
import { microSpace, syntheticTable } from './synthetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('one PyTorch process', () => {
  it.each(['mixture', 'sampled'] as const)('replays the engine search step by step (%s)', async (mode) => {
    const space = microSpace(['k3_e1', 'k3_e3', 'k5_e1_g2', 'skip'], 10);
    const table = syntheticTable(space);
    const config = parseExportConfig({
      trainSamples: 120,
      testSamples: 30,
      batchSize: 12,
      epochs: 3,
      warmupEpochs: 1,
      tau0: 3,
      tauDecay: 0.8,
      thetaLr: 0.05,
      beta: 0.6,
      mode,
      samples: 2,
      seed: 5,
    });
    const dataset = await loadDatasetNode('fashion-mnist', { size: 8, channels: 1, trainSamples: 120, testSamples: 30, seed: 5 });
    const search = await Search.create({ config: config as unknown as SearchConfig, dataset, table, space });
    const engineSteps: { loss: number; lat: number; probs: number[][] }[] = [];
    await new RunDriver(search, {
      onEvents: (es) => {
        for (const e of es) if (e.type === 'step') engineSteps.push({ loss: e.loss, lat: e.expectedLatencyMs, probs: e.probabilities });
      },
    }).run();
    const want = await search.result();
    search.dispose();

    const dir = mkdtempSync(join(tmpdir(), 'fbnet-replay-'));
    for (const f of writeSearchPackage({ config, space, table, dataset, sources: nodeSources() })) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.bytes);
    }
    execFileSync('/usr/bin/python3', [join(dir, 'search.py'), '--out', join(dir, 'run')], {
      env: { ...process.env, OMP_NUM_THREADS: '1' },
      encoding: 'utf8',
    });
    const got = JSON.parse(readFileSync(join(dir, 'run', 'result.json'), 'utf8'));
    expect(got.history).toHaveLength(engineSteps.length);
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    const lossErr = Math.max(...got.history.map((h: { loss: number }, i: number) => rel(h.loss, engineSteps[i].loss)));
    const latErr = Math.max(
      ...got.history.map((h: { expectedLatencyMs: number }, i: number) => rel(h.expectedLatencyMs, engineSteps[i].lat)),
    );
    const probErr = Math.max(
      ...got.probabilities.flatMap((row: number[], l: number) => row.map((p, i) => Math.abs(p - want.probabilities[l][i]))),
    );
    console.log(
      `replay (${mode}, ${engineSteps.length} steps): max rel loss ${lossErr.toExponential(2)}, E[LAT] ${latErr.toExponential(2)}, final P abs ${probErr.toExponential(2)}`,
    );
    expect(lossErr).toBeLessThan(1e-3);
    expect(latErr).toBeLessThan(1e-3);
    // Adam moves θ by about lr whatever the gradient's size, so where a gradient is near zero, rounding
    // decides the step; θ itself moved by tens of times this much.
    expect(probErr).toBeLessThan(5e-3);
    expect(got.argmax.blocks).toEqual(want.argmax.blocks);
  });
});
