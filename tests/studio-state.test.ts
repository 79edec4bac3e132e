import { describe, expect, it } from 'vitest';
import type { SearchEvent, StepEvent } from '../src/engine/search/events';
import { pushSnapshot, type Snapshot } from '../src/features/search/history';
import { reduceMessages } from '../src/features/search/reduce';
import { useStudio } from '../src/app/store';
import { readUrl, writeUrl } from '../src/app/url';

const step = (n: number, beta = 0.6): StepEvent => ({
  type: 'step',
  step: n,
  totalSteps: 10,
  epoch: 0,
  phase: 'w',
  loss: 2,
  ce: 2,
  accuracy: 0.1,
  expectedLatencyMs: 5,
  argmaxLatencyMs: 4,
  tau: 5,
  alpha: 0.2,
  beta,
  targetMs: null,
  probabilities: [[1]],
  msPerStep: 3,
});

describe('studio link', () => {
  it('keeps valid values and reports each bad one', () => {
    const u = readUrl('?preset=cpu-quick&beta=0.9&epochs=lots&batch=-4&loss=additive&backend=warp&lut=pixel3-small');
    expect(u.presetId).toBe('cpu-quick');
    expect(u.overrides).toEqual({ beta: 0.9, lossForm: 'additive' });
    expect(u.tableId).toBe('pixel3-small');
    expect(u.backend).toBeUndefined();
    expect(u.problems).toHaveLength(3);
    expect(u.problems.join('\n')).toMatch(/epochs=lots.*\n.*batch=-4/s);
  });

  it('round-trips what it writes', () => {
    const url = writeUrl({
      presetId: 'gpu',
      overrides: { widthMultiplier: 0.5, mode: 'sampled', seed: 3 },
      tableId: 'raspi4-small',
      backend: 'wasm',
    });
    const back = readUrl(url);
    expect(back).toEqual({
      presetId: 'gpu',
      overrides: { widthMultiplier: 0.5, mode: 'sampled', seed: 3 },
      tableId: 'raspi4-small',
      backend: 'wasm',
      problems: [],
    });
  });
});

describe('worker messages', () => {
  it('fold a batch into rows, log entries and markers', () => {
    const events: SearchEvent[] = [step(1), { type: 'control', step: 2, key: 'beta', value: 1.5, previous: null }, step(2, 1.5)];
    const s0 = {
      ...useStudio.getState(),
      run: { space: {} as never, config: { beta: 0.6 }, totalSteps: 10, tableName: 't', startedAt: 0 },
    };
    const s1 = { ...s0, ...reduceMessages(s0, [{ type: 'events', events }]) };
    expect(s1.rows.map((r) => r.beta)).toEqual([0.6, 1.5]);
    expect(s1.snapshots).toHaveLength(2);
    expect(s1.log.map((l) => [l.text, l.marker])).toEqual([['β 0.6 → 1.5 (from step 2)', true]]);
  });
});

describe('bounded history', () => {
  it('thins snapshots past the cap, newest kept', () => {
    let list: Snapshot[] = Array.from({ length: 4 }, (_, i) => ({ step: i + 1, probabilities: [] }));
    list = pushSnapshot(list, { step: 5, probabilities: [] }, 4);
    expect(list.map((s) => s.step)).toEqual([1, 3, 5]);
  });
});
