import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { restoreSearch, Search, takeCheckpoint } from '../src/engine/search';
import { searchConfigSchema, type SearchConfigInput } from '../src/engine/schemas';
import type { SearchEvent, StepEvent } from '../src/engine/search/events';
import { checkpointSchema } from '../src/engine/search/checkpoint';
import { microSpace, syntheticDataset, syntheticTable } from './synthetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = syntheticDataset({ size: 8, classes: 3, train: 72, test: 12, seed: 2 });
const space = microSpace();

async function make(over: SearchConfigInput = {}) {
  // 72 samples, batch 12: 4 w steps + 2 θ steps per search epoch.
  const config = searchConfigSchema.parse({ epochs: 3, warmupEpochs: 1, batchSize: 12, samples: 2, seed: 5, ...over });
  return Search.create({ config, dataset: data, table: syntheticTable(space), space });
}

async function steps(s: Search, n: number): Promise<SearchEvent[]> {
  const out: SearchEvent[] = [];
  for (let i = 0; i < n; i++) out.push(...(await s.step()));
  return out;
}

const numbers = (ev: SearchEvent[]) =>
  ev
    .filter((e): e is StepEvent => e.type === 'step')
    .map((e) => [e.step, e.phase, e.loss, e.ce, e.accuracy, e.expectedLatencyMs, e.tau, ...e.probabilities.flat()]);

describe('Search checkpoints', () => {
  const variants: [string, SearchConfigInput][] = [
    ['mixture', { mode: 'mixture' }],
    ['sampled', { mode: 'sampled' }],
    ['interleaved, τ per step, target loss', { schedule: 'interleaved', thetaEvery: 2, tauSchedule: 'step', lossForm: 'target' }],
  ];
  for (const [label, over] of variants) {
    it(`continues exactly after restore (${label}, across a w/θ boundary, with a live control)`, async () => {
      const N = 6;
      const M = 5;
      const whole = await make(over);
      whole.setControl('alpha', 0.5);
      const reference = await steps(whole, N + M);

      const first = await make(over);
      first.setControl('alpha', 0.5);
      await steps(first, N);
      expect(new Set(numbers(reference).map((r) => r[1]))).toEqual(new Set(['w', 'theta']));
      // Through JSON, as an export/import would take it.
      const cp = JSON.parse(JSON.stringify(await takeCheckpoint(first)));
      first.dispose();
      expect(checkpointSchema.safeParse(cp).success).toBe(true);
      const second = await restoreSearch(cp, { dataset: data });
      expect(second.status).toBe('paused');
      expect(second.stepIndex).toBe(N);
      const continued = await steps(second, M);

      expect(numbers(continued)).toEqual(numbers(reference).slice(N));
      const a = await whole.result();
      const b = await second.result();
      expect(b.history).toEqual(a.history.map((h, i) => ({ ...h, msPerStep: b.history[i].msPerStep })));
      expect(b.probabilities).toEqual(a.probabilities);
      whole.dispose();
      second.dispose();
    });
  }

  it('restores BN running averages: validation after restore matches the uninterrupted run', async () => {
    const whole = await make();
    const ref = (await steps(whole, 6)).filter((e) => e.type === 'epoch');
    const first = await make();
    await steps(first, 3);
    const second = await restoreSearch(await takeCheckpoint(first), { dataset: data });
    first.dispose();
    const got = (await steps(second, 3)).filter((e) => e.type === 'epoch');
    expect(got).toHaveLength(1);
    expect(got).toEqual(ref);
    whole.dispose();
    second.dispose();
  });

  it('keeps the tensor count flat across checkpoint and restore', async () => {
    const s = await make();
    await steps(s, 2);
    const before = tf.memory().numTensors;
    const cp = await takeCheckpoint(s);
    expect(tf.memory().numTensors).toBe(before);
    s.dispose();
    const r = await restoreSearch(cp, { dataset: data });
    expect(tf.memory().numTensors).toBe(before);
    r.dispose();
  });

  it('refuses a checkpoint taken on other data, naming both', async () => {
    const s = await make();
    const cp = await takeCheckpoint(s);
    s.dispose();
    const other = syntheticDataset({ size: 8, classes: 3, train: 60, test: 12, seed: 2 });
    await expect(restoreSearch(cp, { dataset: other })).rejects.toThrow(/72 train \/ 12 test.*\(60 \/ 12/);
  });
});
