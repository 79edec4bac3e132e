import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { timingsColumns } from '../src/engine/lut/columns';
import { parseLatencyTable } from '../src/engine/lut/parse';
import { makeSpace, type Space } from '../src/engine/space/space';
import { tf } from '../src/engine/runtime/tf';
import type { LutMessage, WorkerMessage } from '../src/app/protocol';
import { reduceLut } from '../src/features/tables/reduce';
import { useTableTools } from '../src/app/store';
import { LutTools, type LutHost } from '../src/features/tables/worker/lut-tools';

const HELP_200 = readFileSync('e2e/fixtures/help-200.csv', 'utf8');
const BROKEN = readFileSync('e2e/fixtures/broken-timings.csv', 'utf8');
const tiny = makeSpace('small', { inputSize: 8, widthMultiplier: 0.25, headChannels: 16, numClasses: 3, allowedBlocks: ['k3_e1', 'skip'] });
const config = { space: 'small' as const };

function tools(over: Partial<LutHost> = {}) {
  const out: WorkerMessage[] = [];
  const host: LutHost = {
    ready: async () => true,
    space: async () => tiny,
    activeTable: () => null,
    searching: () => false,
    ...over,
  };
  return { out, lut: new LutTools((m) => out.push(m), host) };
}

const of = <T extends WorkerMessage['type']>(out: WorkerMessage[], type: T) =>
  out.filter((m): m is Extract<WorkerMessage, { type: T }> => m.type === type);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('timings columns', () => {
  it('offers the latency columns of the header, skipping comments and the architecture columns', () => {
    expect(timingsColumns(HELP_200)).toEqual(['pixel2_ms', 'gold_6226_ms', 'titan_rtx_1_ms']);
  });
});

describe('fitting in the worker', () => {
  it('fits a held-out split and sends a table whose CSV reads back to the same latencies', async () => {
    const { out, lut } = tools();
    await lut.handle({
      type: 'fitTable',
      requestId: 4,
      timings: { name: 'help-200.csv', text: HELP_200, smallLayout: true },
      column: 'gold_6226_ms',
      holdout: 0.2,
      seed: 1,
      prior: false,
      config,
    });
    const [r] = of(out, 'fitResult');
    expect(r.requestId).toBe(4);
    expect([r.train, r.test]).toEqual([160, 40]);
    expect(r.predicted).toHaveLength(40);
    expect(r.spearman).toBeGreaterThan(0.5);
    // the timed network is the small layout, so the table records its shapes, not the studio's
    expect(r.made.space.inputSize).toBe(32);
    const back = parseLatencyTable(r.made.csv, r.made.space, { name: r.made.name }).table;
    expect(back.layers).toEqual(r.made.table.layers);
    expect(back.fixedMs).toBeCloseTo(r.made.table.fixedMs, 12);
  });

  it('names every bad row by line, and an unknown column with the ones available', async () => {
    const { out, lut } = tools();
    await lut.handle({
      type: 'fitTable',
      requestId: 1,
      timings: { name: 'broken.csv', text: BROKEN },
      column: 'pixel2_ms',
      holdout: 0.2,
      seed: 0,
      prior: false,
      config,
    });
    await lut.handle({
      type: 'fitTable',
      requestId: 2,
      timings: { name: 'help-200.csv', text: HELP_200 },
      column: 'pixel3_ms',
      holdout: 0.2,
      seed: 0,
      prior: false,
      config,
    });
    const [bad, unknown] = of(out, 'fitError');
    expect(bad.issues.map((i) => i.line)).toEqual([3, 5]);
    expect(bad.issues[0].message).toContain('digit 9');
    expect(unknown.message).toContain('unknown latency column "pixel3_ms"');
    expect(unknown.message).toContain('gold_6226_ms');
  });

  it('pulls toward the active table only when there is one', async () => {
    const { out, lut } = tools();
    await lut.handle({
      type: 'fitTable',
      requestId: 1,
      timings: { name: 'h', text: HELP_200 },
      column: 'pixel2_ms',
      holdout: 0.2,
      seed: 0,
      prior: true,
      config,
    });
    expect(of(out, 'fitError')[0].message).toContain('no active table');
    // A far-off prior (every cell 100 ms) drags the cells the 160 architectures say little about.
    const far = { name: 'far', layers: Array.from({ length: 22 }, () => Array(9).fill(100)), fixedMs: 0 };
    const pulled = tools({ activeTable: () => far });
    const args = { type: 'fitTable', timings: { name: 'h', text: HELP_200 }, column: 'pixel2_ms', holdout: 0.2, seed: 0, config } as const;
    await pulled.lut.handle({ ...args, requestId: 2, prior: true });
    await pulled.lut.handle({ ...args, requestId: 3, prior: false });
    const [withPrior, without] = of(pulled.out, 'fitResult');
    expect(withPrior.priorName).toBe('far');
    expect(withPrior.made.table.source).toContain('pulled toward far');
    const maxCell = (r: typeof without) => Math.max(...r.made.table.layers.flat().map((v) => v ?? 0));
    expect(maxCell(withPrior)).toBeGreaterThan(maxCell(without));
  });
});

describe('measuring in the worker', () => {
  it('refuses while a search runs', async () => {
    const { out, lut } = tools({ searching: () => true });
    await lut.handle({ type: 'measureTable', requestId: 1, repeats: 1, warmup: 0, config });
    expect(of(out, 'measureEnded')[0]).toMatchObject({ cancelled: false, message: expect.stringContaining('refused while a search runs') });
    expect(of(out, 'measureProgress')).toHaveLength(0);
  });

  it('stops at a cancel that arrives between ops, keeps nothing, and frees its tensors', async () => {
    const { out, lut } = tools();
    const before = tf.memory().numTensors;
    const run = lut.handle({ type: 'measureTable', requestId: 7, repeats: 1, warmup: 0, config });
    expect(lut.busyMeasuring).toBe(true);
    // A cancel posted from outside only gets in because the loop yields a task between ops.
    await new Promise<void>((resolve) => {
      const poll = () => (of(out, 'measureProgress').length >= 2 ? resolve() : setTimeout(poll, 0));
      poll();
    });
    await lut.handle({ type: 'cancelMeasure' });
    await run;
    expect(of(out, 'measureEnded')).toEqual([
      { type: 'measureEnded', requestId: 7, cancelled: true, message: expect.stringContaining('cancelled') },
    ]);
    expect(of(out, 'measureDone')).toHaveLength(0);
    expect(of(out, 'measureProgress').length).toBeLessThan(46);
    expect(lut.busyMeasuring).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('times every allowed cell and sends a loadable table named after the backend', async () => {
    const { out, lut } = tools();
    await lut.handle({ type: 'measureTable', requestId: 8, repeats: 1, warmup: 0, config });
    const progress = of(out, 'measureProgress');
    expect(progress.at(-1)).toMatchObject({ done: 46, total: 46, what: 'head' });
    const [done] = of(out, 'measureDone');
    expect(done.made.name).toBe('browser-cpu');
    const back = parseLatencyTable(done.made.csv, tiny as Space, { name: done.made.name });
    expect(back.shapesMatch).toBe(true);
    expect(back.table.layers).toEqual(done.made.table.layers);
  });
});

describe('tool messages on the page', () => {
  it('keep the newest answer and one table per name', () => {
    const s0 = { ...useTableTools.getState(), fitRequest: 2 };
    const made = { name: 'browser-cpu', table: { name: 'browser-cpu', layers: [], fixedMs: 1 }, space: tiny, csv: 'x' };
    const fit = (requestId: number): LutMessage => ({
      type: 'fitResult',
      requestId,
      made: { ...made, name: 'fitted-a' },
      column: 'a',
      spearman: 0.9,
      mape: 3,
      train: 8,
      test: 2,
      predicted: [1, 2],
      measured: [1.5, 2],
      warnings: [],
      priorName: null,
    });
    const s1 = reduceLut({ ...s0, measure: { requestId: 3, running: true, done: 0, total: 0, what: '', ended: null, finished: null } }, [
      fit(1),
      fit(2),
      { type: 'measureProgress', requestId: 3, done: 5, total: 46, what: 'layer 3 skip' },
      { type: 'measureDone', requestId: 3, made, backend: 'cpu', seconds: 1 },
      { type: 'measureDone', requestId: 3, made: { ...made, csv: 'y' }, backend: 'cpu', seconds: 1 },
    ]);
    expect(s1.fit?.points).toEqual([
      { measured: 1.5, predicted: 1 },
      { measured: 2, predicted: 2 },
    ]);
    expect(s1.fitPending).toBe(false);
    expect(s1.made.map((m) => [m.name, m.csv])).toEqual([
      ['fitted-a', 'x'],
      ['browser-cpu', 'y'],
    ]);
    expect(s1.measure).toMatchObject({ running: false, done: 46, finished: { name: 'browser-cpu' } });
  });
});
