/**
 * Backend choice by measurement: a few training steps of a small supernet (every kind of op the
 * search uses: dense, grouped and depthwise convs, BatchNorm, the mixture) on each candidate
 * backend, with a time budget so a slow backend is abandoned after one step.
 */
import { tf } from './tf';
import { initBackend, type BackendName } from './backend';
import { Supernet } from '../nn/supernet';
import { Rng } from '../rng';
import { makeSpace, numLayers, type Space } from '../space/space';
import { errorMessage } from '../errors';

export type ProbeStatus = 'ok' | 'too slow' | 'failed' | 'skipped';

export interface ProbeRow {
  backend: BackendName;
  status: ProbeStatus;
  /** Median of the timed steps; null unless status is 'ok'. */
  msPerStep: number | null;
  /** Why a backend failed or was skipped. */
  note?: string;
}

export interface ProbeOptions {
  /** A backend whose first (warm-up) step or whose timed steps exceed this is 'too slow'. */
  budgetMs: number;
  /** Timed steps after the warm-up step, at most. */
  steps: number;
  wasmPath?: string;
}

export const PROBE_DEFAULTS: ProbeOptions = { budgetMs: 1500, steps: 3 };

/** Bump when the probe changes, so cached choices measured with the old one are not reused. */
export const PROBE_VERSION = 1;

const BATCH = 8;

export function probeSpace(): Space {
  return makeSpace(
    {
      inputSize: 8,
      inputChannels: 1,
      numClasses: 10,
      stem: { channels: 8, stride: 1 },
      stages: [{ channels: 16, layers: 2, stride: 2 }],
      headChannels: 16,
    },
    { allowedBlocks: ['k3_e3', 'k5_e1_g2', 'skip'] },
  );
}

/** One forward/backward of the supernet on a dummy batch; resolves after the single readback. */
async function trainStep(net: Supernet, x: tf.Tensor4D, y: tf.Tensor2D, m: tf.Tensor2D): Promise<void> {
  const loss = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(y, net.forward(x, m, { training: true })) as tf.Scalar,
      net.weights,
    );
    // Fold the gradients into the readback so the whole backward pass is waited for.
    return tf.addN([value, ...Object.values(grads).map((g) => tf.sum(g))]);
  });
  await loss.data();
  loss.dispose();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Times the probe on the active backend. */
export async function timeProbe(
  o: Pick<ProbeOptions, 'budgetMs' | 'steps'>,
): Promise<{ status: 'ok' | 'too slow'; msPerStep: number | null }> {
  const space = probeSpace();
  const net = new Supernet(space, Rng.fromSeed(1, 0));
  const rng = Rng.fromSeed(1, 1);
  const x = tf.tensor4d(
    Float32Array.from({ length: BATCH * 64 }, () => rng.normal()),
    [BATCH, 8, 8, 1],
  );
  const y = tf.tidy(
    () =>
      tf
        .oneHot(
          tf.tensor1d(
            Array.from({ length: BATCH }, (_, i) => i % 10),
            'int32',
          ),
          10,
        )
        .toFloat() as tf.Tensor2D,
  );
  const m = tf.fill([numLayers(space), 9], 1 / 3) as tf.Tensor2D;
  try {
    let t0 = performance.now();
    await trainStep(net, x, y, m);
    if (performance.now() - t0 > o.budgetMs) return { status: 'too slow', msPerStep: null };
    const times: number[] = [];
    let spent = 0;
    while (times.length < o.steps) {
      t0 = performance.now();
      await trainStep(net, x, y, m);
      const ms = performance.now() - t0;
      times.push(ms);
      spent += ms;
      if (spent > o.budgetMs) break;
    }
    return { status: 'ok', msPerStep: median(times) };
  } finally {
    tf.dispose([x, y, m]);
    net.dispose();
  }
}

/**
 * Starts each candidate in turn and times the probe on it. Leaves whichever backend ran last
 * active: the caller starts the winner.
 */
export async function measureBackends(
  candidates: BackendName[],
  o: ProbeOptions = PROBE_DEFAULTS,
  cancelled: () => boolean = () => false,
): Promise<ProbeRow[]> {
  const rows: ProbeRow[] = [];
  for (const backend of candidates) {
    // Once a search waits for the backend, the rest go unmeasured rather than delay its first step.
    if (rows.some((r) => r.status === 'ok') && cancelled()) {
      rows.push({ backend, status: 'skipped', msPerStep: null, note: 'a search started first' });
      continue;
    }
    try {
      if (!(await initBackend(backend, { wasmPath: o.wasmPath }))) {
        rows.push({ backend, status: 'failed', msPerStep: null, note: 'failed to initialise' });
        continue;
      }
      rows.push({ backend, ...(await timeProbe(o)) });
    } catch (err) {
      rows.push({ backend, status: 'failed', msPerStep: null, note: errorMessage(err) });
    }
  }
  return rows;
}

/** The fastest backend that measured, or null when none did. */
export function fastest(rows: ProbeRow[]): BackendName | null {
  const ok = rows.filter((r) => r.status === 'ok' && r.msPerStep != null);
  if (!ok.length) return null;
  return ok.reduce((a, b) => (b.msPerStep! < a.msPerStep! ? b : a)).backend;
}
