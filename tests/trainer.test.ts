import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { RunDriver, Search, resolveSpace } from '../src/engine/search';
import { searchConfigSchema, searchResultSchema } from '../src/engine/schemas';
import type { SearchEvent, StepEvent } from '../src/engine/search/events';
import { microSpace, syntheticDataset, syntheticTable } from './synthetic';
import { data, makeSearch, runAll, steps } from './search-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('resolveSpace', () => {
  it('scales a layout and takes channels and classes from the data', () => {
    const config = searchConfigSchema.parse({
      space: 'small',
      widthMultiplier: 0.25,
      inputSize: 16,
      headChannels: 64,
      allowedBlocks: ['k3_e1', 'skip'],
    });
    const s = resolveSpace(config, { channels: 1, numClasses: 10 });
    expect(s).toMatchObject({ inputSize: 16, inputChannels: 1, numClasses: 10, headChannels: 64, stem: { channels: 8 } });
    expect(s.stages.map((x) => x.channels)).toEqual([8, 8, 8, 16, 32, 48, 88]);
    expect(s.allowedBlocks).toHaveLength(22);
    expect(resolveSpace(searchConfigSchema.parse({}), { channels: 3, numClasses: 5, size: 28 }).inputSize).toBe(28);
  });
});

describe('Search', () => {
  it('runs the FBNet schedule, lowers the training loss, and ends with a valid result', async () => {
    const s = await makeSearch({ epochs: 4, warmupEpochs: 1, wLr: 0.1, seed: 3 });
    // 120 samples: w 96 → 8 batches, θ 24 → 2 batches; 4 epochs, 1 warm-up
    expect(s.totalSteps).toBe(4 * 8 + 3 * 2);
    const ev = await runAll(s);
    const st = steps(ev);
    expect(st.map((e) => e.step)).toEqual(Array.from({ length: s.totalSteps }, (_, i) => i + 1));
    expect(st.slice(0, 8).every((e) => e.phase === 'w')).toBe(true);
    expect(st.slice(8, 18).map((e) => e.phase)).toEqual([...Array(8).fill('w'), 'theta', 'theta']);
    expect(st.find((e) => e.epoch === 2)!.tau).toBeCloseTo(5 * 0.956 ** 2, 6);
    const w = st.filter((e) => e.phase === 'w');
    expect(mean(w.slice(-8).map((e) => e.ce))).toBeLessThan(mean(w.slice(0, 8).map((e) => e.ce)) - 0.2);
    const epochs = ev.filter((e) => e.type === 'epoch');
    expect(epochs).toHaveLength(4);
    const done = ev.at(-1)!;
    expect(done.type).toBe('done');
    expect(s.status).toBe('done');
    if (done.type !== 'done') return;
    expect(done.stopped).toBe(false);
    const json = JSON.parse(JSON.stringify(done.result));
    expect(searchResultSchema.parse(json)).toEqual(json);
    expect(json.argmax.name).toBe('argmax');
    expect(json.samples.map((a: { name: string }) => a.name)).toEqual(['sample_1', 'sample_2', 'sample_3']);
    expect(json.history).toHaveLength(s.totalSteps);
    // step events carry P_θ after the step: the last (θ) step's equal the final ones
    expect(st.at(-1)!.phase).toBe('theta');
    expect(st.at(-1)!.probabilities).toEqual(json.probabilities);
    expect(st.at(-3)!.probabilities).not.toEqual(json.probabilities);
    expect(json.argmax.latencyMs).toBeGreaterThan(0);
    await expect(s.step()).rejects.toThrow(/done/);
    s.dispose();
  });

  it('validates live controls and applies them from the next step', async () => {
    const s = await makeSearch();
    for (const [k, v] of [
      ['alpha', Number.NaN],
      ['alpha', -1],
      ['beta', -0.1],
      ['tau', 0],
      ['tau', 1e6],
      ['wLr', Infinity],
      ['thetaLr', 50],
      ['alpha', null],
    ] as const) {
      expect(() => s.setControl(k, v)).toThrow(Error);
    }
    expect(() => s.setControl('bogus' as never, 1)).toThrow(/unknown control/);
    const c = s.setControl('beta', 1.5);
    expect(c).toEqual({ type: 'control', step: 1, key: 'beta', value: 1.5, previous: null });
    s.setControl('tau', 0.5);
    const [e1] = (await s.step()) as StepEvent[];
    expect(e1.beta).toBe(1.5);
    expect(e1.tau).toBe(0.5);
    expect(s.setControl('tau', null)).toMatchObject({ step: 2, previous: 0.5, value: null });
    const [e2] = (await s.step()) as StepEvent[];
    expect(e2.tau).toBe(5);
    const r = await s.result();
    expect((r as unknown as { controls: unknown[] }).controls).toHaveLength(3);
    expect(r.history[0]).toMatchObject({ beta: 1.5, tau: 0.5 });
    s.dispose();
  });

  it('drives a search to its end, and is done by the time its hooks see the done event', async () => {
    const s = await makeSearch();
    const seen: string[] = [];
    const driver: RunDriver = new RunDriver(s, {
      onEvents: (es) => {
        for (const e of es) if (e.type === 'done') seen.push(driver.mode);
      },
    });
    await driver.run();
    expect(seen).toEqual(['done']);
    expect(s.stepIndex).toBe(s.totalSteps);
    s.dispose();
  });

  it('pauses between steps and stops with a done event', async () => {
    const s = await makeSearch();
    const ev: SearchEvent[] = [];
    let onStep = (_: number) => {};
    const driver = new RunDriver(s, {
      onEvents: (es) => {
        ev.push(...es);
        for (const e of es) if (e.type === 'step') onStep(e.step);
      },
    });
    onStep = (n) => n === 3 && driver.pause();
    await driver.run();
    expect(driver.mode).toBe('paused');
    expect(s.stepIndex).toBe(3);
    expect(ev.at(-1)).toEqual({ type: 'paused', step: 3, reason: 'user' });
    await driver.stepOnce();
    expect(s.stepIndex).toBe(4);
    expect(driver.mode).toBe('paused');
    expect(ev.at(-1)).toMatchObject({ type: 'step', step: 4 });
    onStep = (n) => n === 5 && void driver.stop();
    await driver.run();
    expect(s.status).toBe('done');
    expect(driver.mode).toBe('done');
    expect(s.stepIndex).toBe(5);
    const done = ev.at(-1)!;
    expect(done).toMatchObject({ type: 'done', stopped: true, step: 5 });
    if (done.type === 'done') expect(done.result.history).toHaveLength(5);
    await expect(s.step()).rejects.toThrow();
    s.dispose();

    const idle = await makeSearch();
    const late: SearchEvent[] = [];
    await new RunDriver(idle, { onEvents: (e) => late.push(...e) }).stop();
    expect(idle.status).toBe('done');
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ type: 'done', stopped: true, step: 0 });
    idle.dispose();
  });

  it('pauses as diverged on a NaN loss without applying the step', async () => {
    const bad = syntheticDataset({ size: 8, classes: 3, train: 120, test: 24, seed: 1 });
    bad.train.x.fill(Number.NaN);
    const s = await makeSearch({}, microSpace(), bad);
    const ev = await runAll(s);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ type: 'paused', reason: 'diverged', step: 0 });
    expect((ev[0] as { message: string }).message).toMatch(/τ|learning rate/);
    expect(s.status).toBe('paused');
    expect(s.stepIndex).toBe(0);
    s.dispose();
  });

  it('rejects tables that miss an allowed block, and swaps tables live', async () => {
    const space = microSpace();
    const table = syntheticTable(space);
    table.layers[1][0] = null;
    const config = searchConfigSchema.parse({ epochs: 2, warmupEpochs: 1, batchSize: 12 });
    await expect(Search.create({ config, dataset: data, table, space })).rejects.toThrow(/layer 2, block k3_e1/);
    const s = await makeSearch();
    const [a] = (await s.step()) as StepEvent[];
    const doubled = syntheticTable(space);
    doubled.layers = doubled.layers.map((r) => r.map((v) => (v == null ? v : v * 2)));
    doubled.fixedMs = 2;
    s.setTable(doubled);
    const [b] = (await s.step()) as StepEvent[];
    expect(b.argmaxLatencyMs! - 2).toBeCloseTo(2 * (a.argmaxLatencyMs! - 1), 5);
    s.dispose();
  });
});
