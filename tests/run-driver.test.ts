import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { RunDriver } from '../src/engine/search';
import type { SearchEvent } from '../src/engine/search/events';
import { makeSearch } from './search-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const later = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** What a driver did, in order: 'step N', 'paused N', 'checkpoint N', 'done N'. */
function recorder() {
  const log: string[] = [];
  const note = (events: SearchEvent[]) => {
    for (const e of events) if (e.type === 'step' || e.type === 'paused' || e.type === 'done') log.push(`${e.type} ${e.step}`);
  };
  return { log, note };
}

describe('RunDriver: commands that arrive while a pause winds down', () => {
  it('a Step sent during the step in flight and the pause checkpoint runs exactly one step, after them', async () => {
    const s = await makeSearch();
    const { log, note } = recorder();
    let onStep = (_: number) => {};
    const driver = new RunDriver(s, {
      onEvents: (es) => {
        note(es);
        for (const e of es) if (e.type === 'step') onStep(e.step);
      },
      afterUserPause: async () => {
        await later(30);
        log.push(`checkpoint ${s.stepIndex}`);
      },
    });
    let stepping: Promise<void> | null = null;
    // The pause is asked for as step 3 lands; the Step comes before the loop has ended.
    onStep = (n) => {
      if (n !== 3) return;
      driver.pause();
      stepping = driver.stepOnce();
    };
    const running = driver.run();
    await running;
    onStep = () => {};
    await stepping;
    expect(log).toEqual(['step 1', 'step 2', 'step 3', 'paused 3', 'checkpoint 3', 'step 4']);
    expect(driver.mode).toBe('paused');
    expect(driver.busy).toBe(false);

    // A Step during the pause's checkpoint also waits for it.
    log.length = 0;
    onStep = (n) => n === 6 && driver.pause();
    const resumed = driver.run();
    await later(0);
    while (!log.includes('paused 6')) await later(1);
    const step = driver.stepOnce();
    await Promise.all([resumed, step]);
    expect(log).toEqual(['step 5', 'step 6', 'paused 6', 'checkpoint 6', 'step 7']);
    expect(s.stepIndex).toBe(7);
    s.dispose();
  });

  it('a Stop during the pause checkpoint ends the search once', async () => {
    const s = await makeSearch();
    const { log, note } = recorder();
    let driver: RunDriver | null = null;
    driver = new RunDriver(s, {
      onEvents: (es) => {
        note(es);
        if (es.some((e) => e.type === 'step' && e.step === 2)) driver!.pause();
      },
      afterUserPause: async () => {
        void driver!.stop();
        await later(10);
      },
    });
    await driver.run();
    expect(log).toEqual(['step 1', 'step 2', 'paused 2', 'done 2']);
    expect(driver.mode).toBe('done');
    await driver.stepOnce();
    expect(s.stepIndex).toBe(2);
    s.dispose();
  });
});
