/** Builds the fbnet-studio/search-result@1 document from a finished (or stopped) search. */
import { BLOCK_NAMES, type BlockName } from '../space/blocks';
import { archCost } from '../space/costs';
import type { ControlEvent, EpochEvent, Phase } from './events';
import { tableLatencyMs, type LatencyTable } from '../lut/latency';
import { Rng } from '../rng';
import { argmaxPerLayer, sampleFromProbabilities } from './sampling';
import type { SearchConfig, SearchResultJson } from '../schemas';
import type { Space } from '../space/space';

export interface HistoryEntry {
  step: number;
  epoch: number;
  phase: Phase;
  loss: number | null;
  ce: number | null;
  accuracy: number;
  expectedLatencyMs: number | null;
  argmaxLatencyMs: number | null;
  tau: number;
  alpha: number;
  beta: number;
  targetMs?: number | null;
  wLr: number;
  thetaLr: number;
  msPerStep: number;
}

/** Stream of the seeded Rng reserved for sampling result architectures, so result() is repeatable. */
export const RESULT_STREAM = 3;

export function archJson(name: string, space: Space, blocks: BlockName[], table: LatencyTable) {
  const cost = archCost(space, blocks);
  return {
    format: 'fbnet-studio/arch@1' as const,
    name,
    space,
    blocks,
    macs: cost.macs,
    params: cost.params,
    latencyMs: tableLatencyMs(table, blocks),
  };
}

export interface ResultInput {
  space: Space;
  config: SearchConfig;
  table: LatencyTable;
  probabilities: number[][];
  history: HistoryEntry[];
  controls: ControlEvent[];
  epochs: EpochEvent[];
  steps: number;
  totalSteps: number;
  stopped: boolean;
}

export function buildSearchResult(r: ResultInput): SearchResultJson {
  const names = (idx: number[]) => idx.map((i) => BLOCK_NAMES[i]);
  const rng = Rng.fromSeed(r.config.seed, RESULT_STREAM);
  const samples = Array.from({ length: r.config.samples }, (_, k) =>
    archJson(`sample_${k + 1}`, r.space, names(sampleFromProbabilities(r.probabilities, rng)), r.table),
  );
  return {
    format: 'fbnet-studio/search-result@1',
    space: r.space,
    argmax: archJson('argmax', r.space, names(argmaxPerLayer(r.probabilities)), r.table),
    samples,
    probabilities: r.probabilities,
    history: r.history.map((h) => ({ ...h })),
    config: { ...r.config },
    table: { name: r.table.name, fixedMs: r.table.fixedMs, ...(r.table.source ? { source: r.table.source } : {}) },
    controls: r.controls,
    epochs: r.epochs,
    steps: r.steps,
    totalSteps: r.totalSteps,
    stopped: r.stopped,
  };
}
