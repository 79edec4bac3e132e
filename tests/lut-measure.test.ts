import { describe, expect, it } from 'vitest';
import { measureTable, median } from '../src/engine/lut/measure';
import { tableToCsv } from '../src/engine/lut/export';
import { parseLatencyTable } from '../src/engine/lut/parse';
import { makeSpace } from '../src/engine/space/space';
import { tf } from '../src/engine/runtime/tf';

const tiny = makeSpace('small', { inputSize: 8, widthMultiplier: 0.25, headChannels: 16, numClasses: 3, allowedBlocks: ['k3_e1', 'skip'] });

describe('measureTable', () => {
  it('median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });

  it('times each allowed cell and the fixed ops, with progress', async () => {
    // A clock that advances 2 ms per reading makes every timed run exactly 2 ms.
    let t = 0;
    const before = tf.memory().numTensors;
    const progress: [number, number, string][] = [];
    const table = await measureTable(tiny, {
      repeats: 3,
      warmup: 1,
      now: () => (t += 2),
      onProgress: (d, n, w) => progress.push([d, n, w]),
    });
    expect(progress).toHaveLength(22 * 2 + 2);
    expect(progress[0]).toEqual([1, 46, 'stem']);
    expect(progress[1]).toEqual([2, 46, 'layer 0 k3_e1']);
    expect(progress.at(-1)).toEqual([46, 46, 'head']);
    for (const row of table.layers) expect(row).toEqual([2, null, null, null, null, null, null, null, 2]);
    expect(table.fixed).toEqual({ stem: 2, head: 2 });
    expect(table.fixedMs).toBe(4);
    expect(tf.memory().numTensors).toBe(before);
    // the measured table is a valid table for its space
    expect(parseLatencyTable(tableToCsv(table, tiny), tiny).table.layers).toEqual(table.layers);
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    let calls = 0;
    const run = measureTable(tiny, {
      repeats: 1,
      warmup: 0,
      signal: ac.signal,
      onProgress: () => ++calls === 3 && ac.abort(new Error('user stopped')),
    });
    await expect(run).rejects.toThrow('user stopped');
    expect(calls).toBe(3);
  });
});
