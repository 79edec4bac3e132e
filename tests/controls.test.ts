import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { makeSearch } from './search-helpers';
import type { ControlEvent } from '../src/engine/search/events';
import { LIMITS } from '../src/engine/schemas';
import { checkControl, ControlWatch, describeHarm, HARM_RATIO, SLIDERS, targetSlider, WATCH_STEPS } from '../src/engine/search/controls';

const change = (key: ControlEvent['key'], value: number | null, previous: number | null, step = 10): ControlEvent => ({
  type: 'control',
  step,
  key,
  value,
  previous,
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('live controls', () => {
  it('makes the search report the change that wrecked the loss, with what it replaced', async () => {
    const s = await makeSearch({ lossForm: 'paper', beta: 0.6 });
    for (let i = 0; i < 5; i++) await s.step();
    s.setControl('beta', 6);
    const events = await s.step();
    const harm = events.find((e) => e.type === 'harm');
    expect(harm).toMatchObject({ type: 'harm', step: 6, control: { key: 'beta', value: 6, previous: null, step: 6 } });
    if (harm?.type === 'harm') {
      expect(harm.lossAfter / harm.lossBefore).toBeGreaterThan(HARM_RATIO);
      expect(harm.message).toMatch(/^Changing β from 0\.6 to 6 at step 6/);
    }
    s.dispose();
  });

  it('names a change after which the loss rose more than tenfold within the watched steps', () => {
    const w = new ControlWatch();
    for (const l of [1.5, 1.4, 1.6, 1.5, 1.45]) expect(w.stepped(l, l)).toBeNull();
    w.changed(change('beta', 2, null));
    expect(w.stepped(3, 1.6)).toBeNull();
    const harm = w.stepped(1.5 * HARM_RATIO * 1.2, 1.6);
    expect(harm).not.toBeNull();
    expect(harm!.lossBefore).toBe(1.5);
    expect(describeHarm(harm!, 0.6)).toMatch(
      /^Changing β from 0\.6 to 2 at step 10 raised the loss 12\.0× \(cross-entropy 1\.1×\) within 5 steps\.$/,
    );
    // Reported once.
    expect(w.stepped(100, 100)).toBeNull();
  });

  it('counts a cross-entropy blow-up as harm even where the loss is rescaled, and forgets a change after the watch', () => {
    const w = new ControlWatch();
    for (let i = 0; i < 5; i++) w.stepped(2, 2);
    w.changed(change('tau', 0.1, 5));
    expect(w.stepped(2, 2 * HARM_RATIO + 1)?.control.key).toBe('tau');
    const quiet = new ControlWatch();
    for (let i = 0; i < 5; i++) quiet.stepped(2, 2);
    quiet.changed(change('alpha', 0.5, 0.2));
    for (let i = 0; i < WATCH_STEPS; i++) expect(quiet.stepped(2.1, 2.1)).toBeNull();
    expect(quiet.stepped(500, 500)).toBeNull();
  });

  it('checks values against the one set of limits, naming the control', () => {
    expect(() => checkControl('beta', -1)).toThrow(/β must be ≥ 0 and ≤ 10, got -1/);
    expect(() => checkControl('tau', 0)).toThrow(/τ must be > 0/);
    expect(() => checkControl('targetMs', Number.NaN)).toThrow(/target latency must be a finite number/);
    expect(() => checkControl('alpha', null)).toThrow(/cannot be reset to a schedule/);
    expect(() => checkControl('tau', null)).not.toThrow();
    for (const [k, r] of Object.entries(SLIDERS)) {
      const lim = LIMITS[k as keyof typeof LIMITS];
      expect(r.min).toBeGreaterThanOrEqual(lim.min);
      expect(r.max).toBeLessThanOrEqual(lim.max);
    }
  });

  it('ranges the target slider from the cheapest to the slowest network of the table', () => {
    const lut = [
      [1, 3, 100],
      [2, 4, 6],
    ];
    const mask = [
      [true, true, false],
      [true, true, true],
    ];
    expect(targetSlider(lut, mask, 0.5)).toMatchObject({ min: 3.5, max: 9.5 });
  });
});
