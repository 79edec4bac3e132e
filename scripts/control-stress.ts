/**
 * What each live control does to a running search at the ends of its slider range: the preset runs
 * to a step after θ has started, is saved, and for every (control, end) it is restored, the control
 * set, and a few more steps run. Prints the cross-entropy and loss of those steps relative to the
 * same steps without the change. This is how the sliders' ranges were chosen: no value in range
 * may make the cross-entropy explode.
 *
 * npm run control-stress -- [--preset default] [--at 60] [--steps 10] [--seed 1]
 */
import { presetSearch } from './preset-search';
import { initBackend } from '../src/engine/runtime/backend';
import type { ControlKey } from '../src/engine/search/events';
import { denseTable } from '../src/engine/lut/latency';
import { restoreSearch, SLIDERS, takeCheckpoint, targetSlider } from '../src/engine/search';
import { allowedMask } from '../src/engine/space/space';
import { numberArg, parseCommand } from '../src/cli/args';

const { values } = parseCommand('control-stress', process.argv.slice(2), {
  preset: { type: 'string', default: 'default' },
  at: { type: 'string' },
  steps: { type: 'string' },
  seed: { type: 'string' },
});
const at = numberArg('control-stress', 'at', values.at, 60);
const n = numberArg('control-stress', 'steps', values.steps, 10);
const seed = numberArg('control-stress', 'seed', values.seed, 1);
if (!(await initBackend('wasm'))) throw new Error('the wasm backend failed to start');

const { config, space, dataset, table, search } = await presetSearch(values.preset!, seed);
while (search.stepIndex < at) await search.step();
const saved = await takeCheckpoint(search);
search.dispose();

/** Mean CE and loss of the next n steps after `change`, and whether it paused. */
async function branch(change: [ControlKey, number] | null) {
  const s = await restoreSearch(saved, { dataset });
  if (change) s.setControl(change[0], change[1]);
  let ce = 0;
  let loss = 0;
  let maxCe = 0;
  let paused = false;
  let harm = '';
  for (let i = 0; i < n && !paused; i++) {
    for (const e of await s.step()) {
      if (e.type === 'step') {
        ce += e.ce / n;
        loss += e.loss / n;
        maxCe = Math.max(maxCe, e.ce);
      }
      if (e.type === 'paused') paused = true;
      if (e.type === 'harm') harm = e.message;
    }
  }
  s.dispose();
  return { ce, loss, maxCe, paused, harm };
}

const base = await branch(null);
console.log(
  `preset ${values.preset} (${config.lossForm} form), seed ${seed}: ${n} steps from step ${at}; without a change: mean CE ${base.ce.toFixed(3)}, max CE ${base.maxCe.toFixed(3)}, mean loss ${base.loss.toFixed(3)}\n`,
);
console.log('| control | value | mean CE ratio | max CE | mean loss ratio | harm reported |\n|---|---|---|---|---|---|');
const ranges: [ControlKey, { min: number; max: number }][] = Object.entries(SLIDERS) as [ControlKey, { min: number; max: number }][];
if (config.lossForm === 'target') ranges.push(['targetMs', targetSlider(denseTable(table), allowedMask(space), table.fixedMs)]);
for (const [key, range] of ranges) {
  for (const value of [range.min, range.max]) {
    const r = await branch([key, value]);
    console.log(
      `| ${key} | ${+value.toPrecision(3)} | ${(r.ce / base.ce).toFixed(2)} | ${r.maxCe.toFixed(2)} | ${(r.loss / base.loss).toFixed(2)} | ${r.paused ? 'paused (diverged)' : r.harm || '—'} |`,
    );
  }
}
