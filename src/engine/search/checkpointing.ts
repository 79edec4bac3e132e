/**
 * Saving a search between steps and continuing it exactly (format in ../checkpoint.ts): the same
 * data, config and backend give the same numbers as a run that was never interrupted.
 */
import { tf } from '../runtime/tf';
import { checkpointSchema, CHECKPOINT_FORMAT, decodeFloats, encodeFloats, type Checkpoint, type TensorJson } from './checkpoint';
import type { Dataset } from '../data/dataset';
import type { LatencyTable } from '../lut/latency';
import { parseOrThrow } from '../schemas';
import { Search } from './search';

/** A plain, serialisable snapshot between steps; `restoreSearch` continues from it exactly. */
export async function takeCheckpoint(search: Search): Promise<Checkpoint> {
  if (search.stepping) throw new Error('a checkpoint is taken between steps, not during one');
  const read = async (v: tf.Variable): Promise<TensorJson> => ({
    shape: [...v.shape],
    data: encodeFloats((await v.data()) as Float32Array),
  });
  const readAll = (vs: readonly tf.Variable[]) => Promise.all(vs.map(read));
  const d = search.dataset;
  const [m, v] = [search.thetaOpt.slots[0], search.thetaOpt.slots[1]];
  const c = search.schedule.cursor;
  return {
    format: CHECKPOINT_FORMAT,
    savedAt: new Date().toISOString(),
    config: { ...search.config },
    space: search.space,
    table: search.table,
    dataset: { name: d.name, size: d.size, channels: d.channels, numClasses: d.numClasses, trainN: d.train.n, testN: d.test.n },
    position: {
      totalSteps: search.totalSteps,
      ...c,
      order: [...c.order],
      ...(c.thetaOrder ? { thetaOrder: [...c.thetaOrder] } : {}),
    },
    rng: { data: search.dataRng.state, gumbel: search.gumbelRng.state },
    theta: await read(search.net.theta),
    variables: await readAll(search.store.all),
    optimizer: {
      wVelocity: await readAll(search.wOpt.slots),
      thetaMoments: [await read(m), await read(v)],
      thetaSteps: search.thetaOpt.steps,
    },
    controls: { ...search.controls },
    history: search.history.map((h) => ({ ...h })),
    controlLog: search.controlLog.map((e) => ({ ...e })),
    epochLog: search.epochLog.map((e) => ({ ...e, validationAccuracy: Number.isNaN(e.validationAccuracy) ? null : e.validationAccuracy })),
  } as Checkpoint;
}

/**
 * A paused Search that continues a checkpoint exactly (same data, same backend: same numbers).
 * `table` replaces the checkpoint's latency table when given.
 */
export async function restoreSearch(input: unknown, opts: { dataset: Dataset; table?: LatencyTable }): Promise<Search> {
  const cp = parseOrThrow(checkpointSchema, input, 'checkpoint');
  const d = opts.dataset;
  const want = cp.dataset;
  if (
    d.name !== want.name ||
    d.size !== want.size ||
    d.channels !== want.channels ||
    d.numClasses !== want.numClasses ||
    d.train.n !== want.trainN ||
    d.test.n !== want.testN
  ) {
    throw new Error(
      `checkpoint: it was taken on "${want.name}" (${want.trainN} train / ${want.testN} test, ${want.size}×${want.size}×${want.channels}, ${want.numClasses} classes), the data given is "${d.name}" (${d.train.n} / ${d.test.n}, ${d.size}×${d.size}×${d.channels}, ${d.numClasses} classes)`,
    );
  }
  const s = await Search.create({ config: cp.config, dataset: d, table: opts.table ?? (cp.table as LatencyTable), space: cp.space });
  try {
    load(s, cp);
  } catch (err) {
    s.dispose();
    throw err;
  }
  return s;
}

function load(s: Search, cp: Checkpoint): void {
  const p = cp.position;
  if (p.totalSteps !== s.totalSteps) throw new Error(`checkpoint: ${p.totalSteps} total steps, this config gives ${s.totalSteps}`);
  const { totalSteps: _total, ...cursor } = p;
  s.schedule.restore(cursor, s.dataset.train.n);
  const write = (v: tf.Variable, t: TensorJson, what: string) => {
    if (t.shape.length !== v.shape.length || t.shape.some((n, i) => n !== v.shape[i])) {
      throw new Error(`checkpoint: ${what} has shape [${t.shape}], the network expects [${v.shape}]`);
    }
    const values = decodeFloats(t.data, `checkpoint: ${what}`);
    if (values.length !== v.size) throw new Error(`checkpoint: ${what} holds ${values.length} values, shape [${t.shape}] needs ${v.size}`);
    tf.tidy(() => v.assign(tf.tensor(values, v.shape, 'float32')));
  };
  const writeAll = (vs: readonly tf.Variable[], ts: TensorJson[], what: string) => {
    if (vs.length !== ts.length) throw new Error(`checkpoint: ${ts.length} ${what}, the network has ${vs.length}`);
    vs.forEach((v, i) => write(v, ts[i], `${what}[${i}]`));
  };
  write(s.net.theta, cp.theta, 'theta');
  writeAll(s.store.all, cp.variables, 'variables');
  writeAll(s.wOpt.slots, cp.optimizer.wVelocity, 'optimizer.wVelocity');
  writeAll(s.thetaOpt.slots, cp.optimizer.thetaMoments, 'optimizer.thetaMoments');
  s.thetaOpt.setSteps(cp.optimizer.thetaSteps);
  s.thetaHost = decodeFloats(cp.theta.data, 'checkpoint: theta');
  s.dataRng.state = cp.rng.data >>> 0;
  s.gumbelRng.state = cp.rng.gumbel >>> 0;
  Object.assign(s.controls, cp.controls);
  s.history.push(...cp.history);
  s.controlLog.push(...cp.controlLog);
  s.epochLog.push(...cp.epochLog.map((e) => ({ ...e, validationAccuracy: e.validationAccuracy ?? Number.NaN })));
  s.status = p.step >= s.totalSteps ? 'done' : 'paused';
}
