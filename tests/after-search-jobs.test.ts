import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BlockName } from '../src/engine/space/blocks';
import { tableLatencyMs, type LatencyTable } from '../src/engine/lut/latency';
import { searchConfigSchema, type SearchConfigInput } from '../src/engine/schemas';
import { tf } from '../src/engine/runtime/tf';
import type { RetrainJob, RetrainMessage, WorkerMessage } from '../src/app/protocol';
import { AfterSearchJobs, type JobHost } from '../src/features/after-search/worker/jobs';
import { microSpace, syntheticDataset, syntheticTable } from './synthetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
  ort.env.wasm.numThreads = 1;
});

const space = microSpace();
const data = syntheticDataset({ size: 8, classes: 3, train: 40, test: 12, seed: 1 });
const config: SearchConfigInput = { epochs: 2, warmupEpochs: 1, batchSize: 8, samples: 1, seed: 3, trainSamples: 40, testSamples: 12 };
const blocksA: BlockName[] = ['k3_e1', 'skip', 'k3_e3', 'skip'];
const blocksB: BlockName[] = ['k5_e1_g2', 'k3_e3', 'k3_e3', 'k3_e1'];

/** Tables that disagree on which block is fast, so searches on them can pick different nets. */
function table(name: string, scale: number[]): LatencyTable {
  const t = syntheticTable(space);
  return { ...t, name, layers: t.layers.map((row) => row.map((v, b) => (v == null ? v : v * scale[b % scale.length]))) };
}

function harness(over: Partial<JobHost> = {}) {
  const msgs: WorkerMessage[] = [];
  const active = table('active', [1]);
  const host: JobHost = {
    startBlocker: () => 'other tool busy',
    searchActive: false,
    backendReady: async () => true,
    activeTable: () => active,
    resolveSpace: async () => space,
    bundledTable: async (id) => ({ table: table(id, id === 'slow-skip' ? [1, 1, 1, 1, 1, 1, 1, 1, 50] : [1, 5, 5, 5, 1, 1, 1, 1, 1]) }),
    dataFor: async (cfg) => {
      expect(cfg.trainSamples).toBeGreaterThan(0);
      return data;
    },
    ...over,
  };
  const jobs = new AfterSearchJobs(host, (m) => msgs.push(m));
  const mine = () => msgs.filter((m): m is RetrainMessage => m.type.startsWith('retrain') || m.type.startsWith('study'));
  const until = async (pred: () => boolean) => {
    for (let i = 0; i < 4000 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(pred()).toBe(true);
  };
  return { host, jobs, msgs, mine, until, active };
}

const job = (id: number, blocks: BlockName[], epochs = 1): RetrainJob => ({
  id,
  name: `net${id}`,
  source: 'reference',
  blocks,
  space,
  config,
  budget: { epochs, trainSamples: 40 },
});

describe('after-search jobs in the worker', () => {
  it('queue retrains in order, report accuracy, costs, table and measured latency, and export a loadable tfjs model', async () => {
    const h = harness();
    const before = tf.memory().numTensors;
    await h.jobs.handle({ type: 'retrain', job: job(1, blocksA) });
    await h.jobs.handle({ type: 'retrain', job: job(2, blocksB) });
    expect(h.host.startBlocker()).toMatch(/a retrain is running/);
    await h.until(() => h.mine().filter((m) => m.type === 'retrainState' && m.state === 'done').length === 2);

    const states = h
      .mine()
      .filter((m) => m.type === 'retrainState')
      .map((m) => (m.type === 'retrainState' ? `${m.id}:${m.state}` : ''));
    expect(states.indexOf('1:done')).toBeLessThan(states.indexOf('2:training'));
    const done = h.mine().filter((m) => m.type === 'retrainDone');
    expect(done.map((m) => m.id)).toEqual([1, 2]);
    const o = done[0].type === 'retrainDone' ? done[0].outcome : null;
    expect(o!.latencyMs).toBeCloseTo(tableLatencyMs(h.active, blocksA)!, 9);
    expect(o!.tableName).toBe('active');
    expect(o!.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(o!.testAccuracy).toBeLessThanOrEqual(1);
    expect(o!.inference.medianMs).toBeGreaterThan(0);
    expect(o!.inference.backend).toBe('cpu');
    expect(o!.trainSamples).toBe(40);
    expect(h.host.startBlocker()).toBe('other tool busy');

    await h.jobs.handle({ type: 'exportRetrained', id: 1 });
    const exp = h.mine().find((m) => m.type === 'retrainExport');
    if (exp?.type !== 'retrainExport') throw new Error('no export message');
    const modelJson = JSON.parse(exp.modelJson);
    expect(modelJson.weightsManifest[0].paths).toEqual([exp.weightsFile]);
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: exp.weights,
      }),
    );
    const x = tf.zeros([1, 8, 8, 1]);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 3]);
    tf.dispose([x, y]);
    model.dispose();

    await h.jobs.handle({ type: 'exportRetrained', id: 1, format: 'onnx' });
    const onnx = h.mine().find((m) => m.type === 'retrainOnnx');
    if (onnx?.type !== 'retrainOnnx') throw new Error('no ONNX export message');
    const session = await ort.InferenceSession.create(new Uint8Array(onnx.bytes));
    expect(session.inputNames).toEqual(['image']);
    const logits = (await session.run({ image: new ort.Tensor('float32', new Float32Array(64), [1, 8, 8, 1]) })).logits;
    expect(logits.dims).toEqual([1, 3]);
    await session.release();
    // The two kept nets hold tensors; nothing else is left behind.
    expect(tf.memory().numTensors).toBeGreaterThan(before);
  });

  it('refuses a retrain while a search runs, and cancels queued and running retrains without leaking tensors', async () => {
    const busy = harness({ searchActive: true });
    await busy.jobs.handle({ type: 'retrain', job: job(1, blocksA) });
    expect(busy.mine()).toEqual([
      { type: 'retrainState', id: 1, state: 'error', message: expect.stringMatching(/^refused: a search is running/) },
    ]);

    const h = harness();
    const before = tf.memory().numTensors;
    await h.jobs.handle({ type: 'retrain', job: job(1, blocksA, 5) });
    await h.jobs.handle({ type: 'retrain', job: job(2, blocksB) });
    await h.jobs.handle({ type: 'cancelRetrain', id: 2 });
    await h.until(() => h.mine().some((m) => m.type === 'retrainProgress'));
    await h.jobs.handle({ type: 'cancelRetrain', id: 1 });
    await h.until(() => h.mine().some((m) => m.type === 'retrainState' && m.id === 1 && m.state === 'cancelled'));
    expect(h.mine().some((m) => m.type === 'retrainState' && m.id === 2 && m.state === 'cancelled')).toBe(true);
    expect(h.mine().some((m) => m.type === 'retrainDone')).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
    await h.jobs.handle({ type: 'exportRetrained', id: 1 });
    expect(h.msgs.at(-1)).toMatchObject({ type: 'rejected', command: 'exportRetrained', message: expect.stringMatching(/no longer held/) });
  });

  it('runs one search per table and times each argmax on every table; refuses fewer than two tables', async () => {
    const h = harness();
    await h.jobs.handle({ type: 'study', config, tables: ['only-one'] });
    expect(h.mine().at(-1)).toMatchObject({ type: 'studyEnded', state: 'error', message: 'pick at least two different device tables' });

    const before = tf.memory().numTensors;
    const running = h.jobs.handle({ type: 'study', config: searchConfigSchema.parse(config), tables: ['fast-skip', 'slow-skip'] });
    await h.until(() => h.mine().some((m) => m.type === 'studyProgress' && m.step > 0));
    expect(h.host.startBlocker()).toMatch(/cross-device study is running/);
    await h.jobs.handle({ type: 'retrain', job: job(9, blocksA) });
    expect(h.mine().at(-1)).toMatchObject({
      type: 'retrainState',
      id: 9,
      state: 'error',
      message: expect.stringMatching(/study is running/),
    });
    await running;
    const done = h.mine().find((m) => m.type === 'studyDone');
    if (done?.type !== 'studyDone') throw new Error(JSON.stringify(h.mine().at(-1)));
    const m = done.matrix;
    expect(m.tables).toEqual(['fast-skip', 'slow-skip']);
    expect(m.archs.map((a) => a.table)).toEqual(['fast-skip', 'slow-skip']);
    m.archs.forEach((a, i) =>
      m.tables.forEach((t, j) =>
        expect(m.ms[i][j]).toBeCloseTo(
          tableLatencyMs(table(t, t === 'slow-skip' ? [1, 1, 1, 1, 1, 1, 1, 1, 50] : [1, 5, 5, 5, 1, 1, 1, 1, 1]), a.blocks)!,
          9,
        ),
      ),
    );
    expect(m.fastest).toHaveLength(2);
    expect(tf.memory().numTensors).toBe(before);
    expect(h.host.startBlocker()).toBe('other tool busy');
  });
});
