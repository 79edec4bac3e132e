import { BLOCK_NAMES, NUM_BLOCKS } from '../space/blocks';
import type { LatencyTable } from './latency';
import { Rng } from '../rng';
import { numLayers, type Space } from '../space/space';
import { nnlsNormal } from './nnls';
import { mape, spearman } from './stats';

export interface FitOptions {
  /** Share of architectures held out for evaluation (default 0.2; 0 evaluates on the training set). */
  holdout?: number;
  seed?: number;
  /** Table to pull the fit toward (ridge), e.g. a borrowed table of a similar device. */
  prior?: LatencyTable;
  /** Strength of the pull, in pseudo-observations per cell (default 1 with a prior). */
  priorWeight?: number;
}

export interface FitResult {
  table: LatencyTable;
  /** Held-out Spearman ρ between predicted and measured. */
  spearman: number;
  /** Held-out mean absolute percentage error, in percent. */
  mape: number;
  train: number;
  test: number;
  /** Held-out predictions and measurements, in the held-out order. */
  predicted: number[];
  measured: number[];
  testIndices: number[];
  warnings: string[];
}

/** Without a prior, a whisper of ridge toward 0 only settles the split between the constant and per-layer offsets. */
const TIE_BREAK = 1e-6;

/**
 * Fits ms per (layer, block) plus one constant (the fixed ops) to whole-model latencies:
 * non-negative least squares over the one-hot layer×block design, optionally pulled toward a prior.
 */
export function fitTable(archs: number[][], latencyMs: number[], space: Space, opts: FitOptions = {}): FitResult {
  const L = numLayers(space);
  if (archs.length !== latencyMs.length) throw new Error(`fitTable: ${archs.length} architectures but ${latencyMs.length} latencies`);
  archs.forEach((a, i) => {
    if (a.length !== L) throw new Error(`fitTable: architecture ${i} has ${a.length} layers; the space has ${L}`);
    if (a.some((b) => !Number.isInteger(b) || b < 0 || b >= NUM_BLOCKS))
      throw new Error(`fitTable: architecture ${i} has a block index outside 0–${NUM_BLOCKS - 1}`);
  });
  const holdout = opts.holdout ?? 0.2;
  if (!(holdout >= 0 && holdout < 1)) throw new Error(`fitTable: holdout must be in [0, 1), got ${holdout}`);
  const order = Rng.fromSeed(opts.seed ?? 0).shuffle(archs.map((_, i) => i));
  const nTest = Math.round(archs.length * holdout);
  const testIdx = order.slice(0, nTest);
  const trainIdx = order.slice(nTest);
  if (trainIdx.length < 2) throw new Error(`fitTable: only ${trainIdx.length} architectures left to train on`);

  const P = L * NUM_BLOCKS + 1;
  const A = new Float64Array(P * P);
  const b = new Float64Array(P);
  const cols = (a: number[]) => [...a.map((blk, l) => l * NUM_BLOCKS + blk), P - 1];
  for (const i of trainIdx) {
    const c = cols(archs[i]);
    for (const p of c) {
      b[p] += latencyMs[i];
      for (const q of c) A[p * P + q] += 1;
    }
  }
  const seen = Array.from({ length: P }, (_, p) => A[p * P + p] > 0);
  const lambda = opts.prior ? (opts.priorWeight ?? 1) : TIE_BREAK;
  if (!(lambda >= 0)) throw new Error(`fitTable: priorWeight must be ≥ 0, got ${opts.priorWeight}`);
  const prior = new Float64Array(P);
  if (opts.prior) {
    for (let l = 0; l < L; l++) for (let k = 0; k < NUM_BLOCKS; k++) prior[l * NUM_BLOCKS + k] = opts.prior.layers[l]?.[k] ?? 0;
    prior[P - 1] = opts.prior.fixedMs;
  }
  for (let p = 0; p < P; p++) {
    A[p * P + p] += lambda;
    b[p] += lambda * prior[p];
  }
  const init = new Float64Array(P);
  if (opts.prior) init.set(prior);
  else init[P - 1] = trainIdx.reduce((s, i) => s + latencyMs[i], 0) / trainIdx.length;
  const w = nnlsNormal(A, b, P, { init });

  const warnings: string[] = [];
  const unseen: string[] = [];
  const layers = Array.from({ length: L }, (_, l) => {
    const row = BLOCK_NAMES.map((_, k) => w[l * NUM_BLOCKS + k]);
    const seenVals = row.filter((_, k) => seen[l * NUM_BLOCKS + k]);
    return row.map((v, k) => {
      if (seen[l * NUM_BLOCKS + k] || opts.prior) return v;
      unseen.push(`layer ${l} ${BLOCK_NAMES[k]}`);
      // An unseen cell gets its layer's mean, a neutral guess that neither favours nor bans the block.
      return seenVals.length ? seenVals.reduce((s, x) => s + x, 0) / seenVals.length : 0;
    });
  });
  if (unseen.length)
    warnings.push(
      `${unseen.length} cells never appear in the training architectures (${unseen.slice(0, 5).join(', ')}${unseen.length > 5 ? ', …' : ''}); they get their layer's mean`,
    );

  const table: LatencyTable = { name: 'fitted', layers, fixedMs: w[P - 1], source: `fitted to ${trainIdx.length} timed architectures` };
  const evalIdx = nTest ? testIdx : trainIdx;
  const predicted = evalIdx.map((i) => archs[i].reduce((s, blk, l) => s + layers[l][blk], table.fixedMs));
  const measured = evalIdx.map((i) => latencyMs[i]);
  return {
    table,
    spearman: spearman(predicted, measured),
    mape: mape(predicted, measured),
    train: trainIdx.length,
    test: nTest,
    predicted,
    measured,
    testIndices: evalIdx,
    warnings,
  };
}
