import { describe, expect, it } from 'vitest';
import { Rng } from '../src/engine/rng';
import { searchConfigSchema, type SearchConfigInput } from '../src/engine/schemas';
import { Schedule } from '../src/engine/search';

const make = (over: SearchConfigInput, n = 100) =>
  new Schedule(searchConfigSchema.parse({ batchSize: 10, epochs: 3, warmupEpochs: 1, ...over }), n, Rng.fromSeed(1, 1));

/** Runs a schedule to its end: the phase of every step and the steps that closed an epoch. */
function trace(s: Schedule) {
  const phases: string[] = [];
  const closes: number[] = [];
  const batches: number[][] = [];
  while (!s.done) {
    const p = s.next();
    phases.push(p.phase === 'w' ? 'w' : 't');
    batches.push(p.indices);
    if (s.advance()) closes.push(s.cursor.step);
  }
  return { phases: phases.join(''), closes, batches };
}

describe('schedule', () => {
  it("keeps the paper's epochs: warm-up on w, then w on 80 % and θ on the held-out 20 % each epoch", () => {
    const s = make({});
    expect([s.wStepsPerEpoch, s.thetaStepsPerEpoch, s.totalSteps]).toEqual([8, 2, 28]);
    const t = trace(s);
    expect(t.phases).toBe(`${'w'.repeat(8)}${'w'.repeat(8)}tt${'w'.repeat(8)}tt`);
    expect(t.closes).toEqual([8, 18, 28]);
    const w = new Set(s.wIdx);
    t.batches.forEach((b, i) => expect(b.every((x) => w.has(x))).toBe(t.phases[i] === 'w'));
  });

  it('interleaves a held-out θ step after every k w-steps once warm-up is over', () => {
    const s = make({ schedule: 'interleaved', thetaEvery: 3 });
    expect([s.wStepsPerEpoch, s.thetaStepsPerEpoch, s.totalSteps]).toEqual([8, 2, 28]);
    const t = trace(s);
    expect(t.phases).toBe('wwwwwwwwwwwtwwwtwwwwwtwwwtww');
    expect(t.closes).toEqual([8, 18, 28]);
    const held = new Set(s.thetaIdx);
    const thetaBatches = t.batches.filter((_, i) => t.phases[i] === 't');
    expect(thetaBatches.flat().every((x) => held.has(x))).toBe(true);
    // The held-out split (2 batches) is cycled: each pass covers it without repeats.
    expect(new Set(thetaBatches.slice(0, 2).flat()).size).toBe(20);
  });

  it('starts θ at once without warm-up and refuses a θ interval longer than an epoch', () => {
    expect(trace(make({ schedule: 'interleaved', thetaEvery: 2, warmupEpochs: 0 })).phases.slice(0, 6)).toBe('wwtwwt');
    expect(() => make({ schedule: 'interleaved', thetaEvery: 9 })).toThrow(/θ step every 9 w-steps.*an epoch has 8/);
  });

  it('anneals τ per epoch, or smoothly per step', () => {
    const perEpoch = make({ tau0: 4, tauDecay: 0.5 });
    const perStep = make({ tau0: 4, tauDecay: 0.5, tauSchedule: 'step' });
    const taus = (s: Schedule) => {
      const out: number[] = [];
      while (!s.done) {
        out.push(s.tau);
        s.next();
        s.advance();
      }
      return out;
    };
    const e = taus(perEpoch);
    const st = taus(perStep);
    expect(e.slice(0, 8).every((t) => t === 4)).toBe(true);
    expect(e[8]).toBe(2);
    expect(st[0]).toBe(4);
    expect(st[4]).toBeCloseTo(4 * Math.pow(0.5, 0.5), 9); // half of an 8-step warm-up epoch
    expect(st[8]).toBeCloseTo(2, 9);
    expect(st[13]).toBeCloseTo(4 * Math.pow(0.5, 1.5), 9); // half of a 10-step epoch
    for (let i = 1; i < st.length; i++) expect(st[i]).toBeLessThan(st[i - 1]);
  });

  it('refuses a cursor that does not fit an interleaved schedule', () => {
    const a = make({ schedule: 'interleaved', thetaEvery: 3 });
    const saved = JSON.parse(JSON.stringify(a.cursor));
    expect(() => make({ schedule: 'interleaved', thetaEvery: 3 }).restore({ ...saved, thetaOrder: undefined }, 100)).toThrow(
      /interleaved search needs position.thetaOrder/,
    );
    expect(() => make({ schedule: 'interleaved', thetaEvery: 3 }).restore({ ...saved, thetaBatch: 2 }, 100)).toThrow(
      /interleaved search needs/,
    );
  });
});
