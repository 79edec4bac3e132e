/** Reading a PyTorch run folder back: a growing events.jsonl, result.json, and clear errors naming the line. */
import { describe, expect, it } from 'vitest';
import { BLOCK_NAMES } from '../src/engine/space/blocks';
import { parsePytorchRun } from '../src/engine/runs/pytorch-run';
import { numLayers } from '../src/engine/space/space';
import { finishedLines, finishedResult, jsonl, sharpened, space, start, step, uniform } from './pytorch-run-fixture';

const L = numLayers(space);

describe('parsePytorchRun', () => {
  it('turns lines into the engine events, carrying the probabilities of the last θ step forward', () => {
    const text = jsonl(
      start,
      step(1, 'w'),
      step(2, 'theta', { probabilities: sharpened }),
      { type: 'epoch', epoch: 0, step: 2, validationAccuracy: 0.5, tau: 5 },
      step(3, 'w'),
    );
    const run = parsePytorchRun(text);
    expect(run.events.map((e) => e.type)).toEqual(['step', 'step', 'epoch', 'step']);
    const steps = run.events.filter((e) => e.type === 'step');
    expect(steps.map((e) => e.probabilities)).toEqual([uniform, sharpened, sharpened]);
    expect(steps[0]).not.toHaveProperty('wLr');
    expect(run.history.map((h) => [h.step, h.phase, h.wLr])).toEqual([
      [1, 'w', 0.1],
      [2, 'theta', 0.1],
      [3, 'w', 0.1],
    ]);
    expect([run.steps, run.ended, run.result, run.probabilities]).toEqual([3, false, null, sharpened]);
    expect(run.start.runtime.worldSize).toBe(2);
  });

  it('leaves an unfinished last line of a growing file for the next read', () => {
    const whole = jsonl(start, step(1, 'w'));
    const partial = `${whole}${JSON.stringify(step(2, 'w')).slice(0, 40)}`;
    const run = parsePytorchRun(partial);
    expect([run.steps, run.consumed]).toEqual([1, whole.length]);
    expect(() => parsePytorchRun(JSON.stringify(start).slice(0, 30))).toThrow(/no complete line yet/);
  });

  it('adds the done event with result.json and rejects a result that fails the engine schema or belongs to another run', () => {
    const result = finishedResult(2);
    const text = finishedLines;
    const run = parsePytorchRun(text, JSON.stringify({ ...result, runtime: { engine: 'pytorch' } }));
    expect(run.ended).toBe(true);
    expect(run.events[run.events.length - 1]).toMatchObject({ type: 'done', step: 3, stopped: false });
    expect(run.result?.argmax.blocks).toHaveLength(L);
    expect(() => parsePytorchRun(text, JSON.stringify({ ...result, probabilities: [[2]] }))).toThrow(
      /result\.json:[\s\S]*probabilities\[0\]/,
    );
    expect(() => parsePytorchRun(text, '{"format": ')).toThrow(/result\.json: not valid JSON/);
    const other = { ...result, space: { ...space, headChannels: 99 } };
    expect(() => parsePytorchRun(text, JSON.stringify(other))).toThrow(/two different runs/);
  });

  it('names the line of every problem', () => {
    expect(() => parsePytorchRun(jsonl(step(1, 'w')))).toThrow(/line 1: the file must begin with the run's start line/);
    expect(() => parsePytorchRun(`${jsonl(start)}{oops}\n`)).toThrow(/events\.jsonl line 2: not valid JSON/);
    expect(() => parsePytorchRun(jsonl(start, step(1, 'w', { loss: 'x' })))).toThrow(/line 2: loss: /);
    expect(() => parsePytorchRun(jsonl(start, step(1, 'w'), step(3, 'w')))).toThrow(/line 3: step 3 follows step 1/);
    expect(() => parsePytorchRun(jsonl(start, { type: 'mystery', step: 1 }))).toThrow(/line 2: type: /);
    const badProbs = sharpened.slice(1);
    expect(() => parsePytorchRun(jsonl(start, step(1, 'theta', { probabilities: badProbs })))).toThrow(
      new RegExp(`line 2: ${L - 1} layers of probabilities, the space has ${L}`),
    );
    expect(() => parsePytorchRun(jsonl(start, step(1, 'theta', { probabilities: [[0.5]] })))).toThrow(
      new RegExp(`line 2: probabilities\\[0\\]: each layer needs ${BLOCK_NAMES.length}`),
    );
    expect(() => parsePytorchRun(jsonl({ ...start, format: 'x' }))).toThrow(/line 1: format: /);
  });
});
