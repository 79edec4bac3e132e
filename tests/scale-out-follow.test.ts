/**
 * Following a growing events.jsonl: the poll logic on a fake directory handle (the File System
 * Access API's picker cannot be driven in a headless browser). Each poll must read only the bytes
 * added since the last one and only whole lines.
 */
import { describe, expect, it } from 'vitest';
import { RunFollower } from '../src/features/scale-out/follow';
import { FakeFolder, jsonl, resultJson, sharpened, start, step } from './pytorch-run-fixture';

describe('RunFollower', () => {
  it('picks up each new part of a growing events.jsonl, reading only the added bytes and whole lines', async () => {
    const dir = new FakeFolder();
    const f = new RunFollower(dir);
    expect(await f.poll()).toEqual({ start: null, events: [], finished: false });

    const part1 = jsonl(start, step(1, 'w'));
    const line2 = JSON.stringify(step(2, 'theta', { probabilities: sharpened }));
    dir.write('events.jsonl', part1 + line2.slice(0, 50));
    const u1 = await f.poll();
    expect(u1.start?.totalSteps).toBe(3);
    expect(u1.events.map((e) => e.type === 'step' && e.step)).toEqual([1]);
    expect(f.consumed).toBe(part1.length);

    dir.bytesRead = 0;
    const nothing = await f.poll();
    expect([nothing.start, nothing.events]).toEqual([null, []]);

    dir.append(
      'events.jsonl',
      `${line2.slice(50)}\n${JSON.stringify({ type: 'epoch', epoch: 0, step: 2, validationAccuracy: 0.5, tau: 5 })}\n`,
    );
    dir.bytesRead = 0;
    const u2 = await f.poll();
    expect(dir.bytesRead).toBe(dir.files.get('events.jsonl')!.length - part1.length);
    expect(u2.start).toBeNull();
    expect(u2.events.map((e) => e.type)).toEqual(['step', 'epoch']);
    expect(u2.events[0]).toMatchObject({ step: 2, probabilities: sharpened });
    expect([f.steps, u2.finished]).toEqual([2, false]);

    dir.append('events.jsonl', jsonl(step(3, 'w'), { type: 'done', step: 3, stopped: false }));
    dir.write('result.json', resultJson());
    const u3 = await f.poll();
    expect(u3.events.map((e) => e.type)).toEqual(['step', 'done']);
    expect(u3.events[0]).toMatchObject({ step: 3, probabilities: sharpened });
    expect(u3.finished).toBe(true);
  });

  it('never cuts a multi-byte character: a line is decoded only once it is complete', async () => {
    const dir = new FakeFolder();
    const f = new RunFollower(dir);
    const paused = { type: 'paused', step: 1, reason: 'diverged', message: 'loss is NaN at τ = 5 — lower the learning rate' };
    const bytes = new TextEncoder().encode(jsonl(start, step(1, 'w'), paused));
    const cut = bytes.indexOf(0xcf) + 1; // inside the two bytes of τ
    dir.files.set('events.jsonl', bytes.slice(0, cut));
    expect((await f.poll()).events).toHaveLength(1);
    dir.files.set('events.jsonl', bytes);
    const u = await f.poll();
    expect(u.events).toEqual([paused]);
  });

  it('names the line of a bad one across polls, and notices a file that shrank', async () => {
    const dir = new FakeFolder();
    const f = new RunFollower(dir);
    dir.write('events.jsonl', jsonl(start, step(1, 'w')));
    await f.poll();
    dir.append('events.jsonl', jsonl(step(2, 'w', { loss: 'high' })));
    await expect(f.poll()).rejects.toThrow(/events\.jsonl line 3: loss: /);

    const g = new RunFollower(dir);
    dir.write('events.jsonl', jsonl(start, step(1, 'w')));
    await g.poll();
    dir.write('events.jsonl', jsonl(start));
    await expect(g.poll()).rejects.toThrow(/events\.jsonl shrank from \d+ to \d+ bytes/);
  });
});
