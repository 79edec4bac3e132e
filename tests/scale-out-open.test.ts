/**
 * A PyTorch run in the studio's store: opened from files it fills the charts, scrubber and results
 * as a finished studio search does; a bad file is named with its line and changes nothing; a
 * followed folder adds each new part of events.jsonl.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useScaleOut, useStudio } from '../src/app/store';
import { followFolder, openRunFiles, stopFollowing } from '../src/features/scale-out/open-run';
import { pickRunFiles } from '../src/features/scale-out/run-files';
import { FakeFolder, finishedLines, jsonl, resultJson, sharpened, start, step } from './pytorch-run-fixture';

const initial = useStudio.getState();
afterEach(() => {
  stopFollowing();
  vi.useRealTimers();
  useStudio.setState(initial, true);
});

const finished = finishedLines;
const inFolder = (name: string, text: string) => Object.assign(new File([text], name), { webkitRelativePath: `run-a/${name}` });

describe('opening a PyTorch run folder', () => {
  it('shows the run like a finished studio search: rows, snapshots, epochs, result and architectures', async () => {
    await openRunFiles([inFolder('checkpoint.pt', 'x'), inFolder('events.jsonl', finished), inFolder('result.json', resultJson(2))]);
    const s = useStudio.getState();
    expect(s.rows.map((r) => r.step)).toEqual([1, 2, 3]);
    expect(s.snapshots.map((x) => x.step)).toEqual([1, 2, 3]);
    expect(s.snapshots[2].probabilities).toEqual(sharpened);
    expect(s.epochs).toEqual([{ epoch: 0, step: 2, validationAccuracy: 0.5 }]);
    expect(s.run).toMatchObject({ totalSteps: 3, tableName: 'synthetic' });
    expect(s.status).toBe('done');
    expect(s.log.map((e) => e.text)).toEqual([
      'PyTorch run: 3 steps on 2 processes (cpu), table synthetic',
      'epoch 1 done: validation accuracy 50.0%',
      'search finished at step 3',
    ]);
    expect(s.result?.argmax.blocks).toEqual(JSON.parse(resultJson(2)).argmax.blocks);
    expect(s.archs.map((a) => a.name)).toEqual([s.result!.argmax.name, ...s.result!.samples.map((x) => x.name)]);
    expect(s.archs[0].macs).toBeGreaterThan(0);
    expect(s.archs[0].latencyMs).toBe(JSON.parse(resultJson(2)).argmax.latencyMs);
    expect(useScaleOut.getState().shown).toBe('PyTorch run (2 processes on cpu): step 3 / 3, finished');
  });

  it('without result.json shows the steps so far, with nothing to retrain yet', async () => {
    await openRunFiles([new File([jsonl(start, step(1, 'w'))], 'events.jsonl')]);
    const s = useStudio.getState();
    expect([s.rows.length, s.status, s.result, s.archs]).toEqual([1, 'idle', null, []]);
  });

  it('names the file and line of a bad file and leaves what the studio showed', async () => {
    await openRunFiles([inFolder('events.jsonl', finished), inFolder('result.json', resultJson(2))]);
    const before = useStudio.getState();
    await openRunFiles([new File([jsonl(start, step(1, 'w'), step(2, 'w', { accuracy: 7 }))], 'events.jsonl')]);
    expect(useScaleOut.getState().problem).toMatch(/^The PyTorch run was not opened: events\.jsonl line 3: accuracy: /);
    await openRunFiles([new File([finished], 'events.jsonl'), new File(['{"format": "x"}'], 'result.json')]);
    expect(useScaleOut.getState().problem).toMatch(/result\.json:\n {2}format: /);
    const after = useStudio.getState();
    for (const key of ['rows', 'snapshots', 'epochs', 'run', 'result', 'archs', 'status'] as const) expect(after[key]).toBe(before[key]);
    expect(after.notices.at(-1)?.text).toMatch(/result\.json/);
  });

  it('refuses files that are not a run folder, naming what it got', () => {
    expect(() => pickRunFiles([{ name: 'model.py' }, { name: 'notes.txt' }])).toThrow(
      'no events.jsonl among the 2 files given (model.py, notes.txt): pick a run folder, or its events.jsonl and result.json',
    );
    expect(() =>
      pickRunFiles([
        { name: 'events.jsonl', webkitRelativePath: 'a/events.jsonl' },
        { name: 'events.jsonl', webkitRelativePath: 'b/events.jsonl' },
      ]),
    ).toThrow(/2 files named events\.jsonl \(a\/events\.jsonl, b\/events\.jsonl\)/);
  });
});

/** A folder with the start and one step, followed on fake timers; its first poll has run. */
async function followOneStep(): Promise<FakeFolder> {
  vi.useFakeTimers();
  const dir = new FakeFolder();
  dir.write('events.jsonl', jsonl(start, step(1, 'w')));
  followFolder(dir);
  await vi.advanceTimersByTimeAsync(0);
  return dir;
}

describe('following a run folder', () => {
  it('adds the second part of events.jsonl at the next poll and ends with the result', async () => {
    const dir = await followOneStep();
    expect(useStudio.getState().rows.map((r) => r.step)).toEqual([1]);
    expect(useScaleOut.getState()).toMatchObject({ following: 'run-a', shown: 'PyTorch run (2 processes on cpu): step 1 / 3 (following)' });

    dir.append('events.jsonl', jsonl(step(2, 'theta', { probabilities: sharpened })));
    await vi.advanceTimersByTimeAsync(1000);
    expect(useStudio.getState().rows).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(useStudio.getState().rows.map((r) => r.step)).toEqual([1, 2]);
    expect(useStudio.getState().snapshots.at(-1)?.probabilities).toEqual(sharpened);

    dir.append('events.jsonl', jsonl(step(3, 'w'), { type: 'done', step: 3, stopped: false }));
    dir.write('result.json', resultJson(2));
    await vi.advanceTimersByTimeAsync(2000);
    const s = useStudio.getState();
    expect([s.rows.length, s.status, s.archs.length]).toEqual([3, 'done', 3]);
    expect(useScaleOut.getState().following).toBeNull();
  });

  it('Stop following stops reading the folder', async () => {
    const dir = await followOneStep();
    stopFollowing();
    dir.append('events.jsonl', jsonl(step(2, 'w')));
    await vi.advanceTimersByTimeAsync(4000);
    expect(useStudio.getState().rows).toHaveLength(1);
    expect(useScaleOut.getState().following).toBeNull();
  });
});
