import { describe, expect, it } from 'vitest';
import { archSchema } from '../src/engine/schemas';
import { microSpace } from './synthetic';
import { checkBudget } from '../src/features/after-search/budget';
import { archDocument, pytorchText } from '../src/features/after-search/files';
import { reduceAfter } from '../src/features/after-search/reduce';
import { idleStudy, type AfterState, type RetrainEntry } from '../src/features/after-search/slice';

const space = microSpace();
const entry: RetrainEntry = {
  id: 4,
  name: 'cheapest',
  source: 'reference',
  blocks: ['skip', 'skip', 'k3_e1', 'skip'],
  space,
  budget: { epochs: 1, trainSamples: 40 },
  state: 'queued',
  message: null,
  progress: null,
  outcome: null,
};
const outcome = {
  testAccuracy: 0.5,
  macs: 1000,
  params: 200,
  latencyMs: 3.2,
  tableName: 'pixel3-small',
  inference: { backend: 'wasm', medianMs: 0.4, minMs: 0.3 },
  history: [],
  trainSamples: 40,
  testSamples: 12,
};

describe('after-search state', () => {
  it('folds retrain and study messages into their entries', () => {
    const s0: AfterState = {
      budget: { epochs: 1, trainSamples: 40 },
      retrains: [entry, { ...entry, id: 5 }],
      studyTables: [],
      study: idleStudy,
    };
    const s1 = reduceAfter(s0, [
      { type: 'retrainState', id: 4, state: 'training' },
      { type: 'retrainProgress', id: 4, epoch: 0, step: 3, totalSteps: 5, loss: 1.1, accuracy: 0.4 },
      { type: 'retrainDone', id: 4, outcome },
      { type: 'retrainState', id: 4, state: 'done' },
      { type: 'retrainState', id: 5, state: 'error', message: 'refused: a search is running' },
      { type: 'studyProgress', index: 1, tables: ['a', 'b'], step: 2, totalSteps: 9, what: 'searching on b' },
    ]);
    expect(s1.retrains[0]).toMatchObject({ state: 'done', progress: { step: 3, totalSteps: 5 }, outcome });
    expect(s1.retrains[1]).toMatchObject({ state: 'error', message: 'refused: a search is running', outcome: null });
    expect(s1.study).toMatchObject({ state: 'running', index: 1, step: 2, totalSteps: 9 });
    const s2 = reduceAfter(s1, [{ type: 'studyEnded', state: 'cancelled', message: 'cancelled after 1 of 2 searches' }]);
    expect(s2.study).toMatchObject({ state: 'cancelled', message: 'cancelled after 1 of 2 searches' });
    expect(s0.retrains[0].state).toBe('queued');
  });

  it('refuses a budget below one batch, past the data or not a whole number', () => {
    expect(checkBudget('trainSamples', '3', 8)).toMatch(/between the batch size \(8\) and 12000, got 3/);
    expect(checkBudget('trainSamples', '20000', 8)).toMatch(/got 20000/);
    expect(checkBudget('epochs', '1.5', 8)).toMatch(/epochs must be a whole number, got “1.5”/);
    expect(checkBudget('epochs', '0', 8)).toMatch(/between 1 and 100/);
    expect(checkBudget('trainSamples', '8', 8)).toBeNull();
    expect(checkBudget('epochs', ' 3 ', 8)).toBeNull();
  });

  it('exports a valid arch document with the measured numbers, and a PyTorch module', () => {
    const doc = archDocument({ ...entry, outcome });
    expect(archSchema.safeParse(doc).success).toBe(true);
    expect(doc).toMatchObject({ testAccuracy: 0.5, latencyMs: 3.2, inferenceMs: 0.4, table: 'pixel3-small' });
    expect(pytorchText(entry)).toContain('class FBNet(nn.Module):');
  });
});
