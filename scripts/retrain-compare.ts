/**
 * The acceptance comparison: search with the default preset, then retrain its argmax, the
 * all-k3_e6 (MobileNetV2-like) network and the cheapest network from scratch with one shared
 * budget, and print latency (by the search's table), accuracy, MACs and params.
 *
 * npm run compare -- [--search-dir <dir with result.json>] [--epochs N] [--train-samples N]
 *   [--test-samples N] [--batch-size N] [--lr X] [--seed N] [--backend wasm|cpu] [--out <dir>]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initBackend } from '../src/engine/backend';
import type { BlockName } from '../src/engine/blocks';
import { tableLatencyMs } from '../src/engine/latency';
import { PRESETS } from '../src/engine/presets';
import { CHEAPEST, dominates, MOBILENET_V2_LIKE, paretoFront, referenceArchitectures, trainChild } from '../src/engine/retrain';
import { parseOrThrow, searchResultSchema } from '../src/engine/schemas';
import { backendArg, BUDGET_OPTIONS, numberArg, parseCommand } from '../src/cli/args';
import { loadTableFile } from '../src/cli/lut-file';
import { loadDatasetNode } from '../src/cli/node-data';

const { values } = parseCommand('compare', process.argv.slice(2), {
  ...BUDGET_OPTIONS,
  'search-dir': { type: 'string' },
  out: { type: 'string', default: 'compare-out' },
});
const num = (k: keyof typeof values, d: number) => numberArg('compare', k, values[k] as string | undefined, d);
const budget = {
  epochs: num('epochs', 8),
  trainSamples: num('train-samples', 2000),
  testSamples: num('test-samples', 1000),
  batchSize: num('batch-size', 32),
  lr: num('lr', 0.1),
  seed: num('seed', 1),
};
const backend = backendArg('compare', values.backend);
const out = values.out!;
const t0 = performance.now();
const log = (s: string) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0)} s] ${s}\n`);

const preset = PRESETS[0];
let searchDir = values['search-dir'];
if (!searchDir) {
  searchDir = join(out, 'search');
  await mkdir(searchDir, { recursive: true });
  const cfg = join(out, `${preset.id}.json`);
  await writeFile(cfg, `${JSON.stringify(preset.config, null, 1)}\n`);
  log(`search: npm run --silent fbnet -- search --config ${cfg} --out ${searchDir} --backend ${backend}`);
  const child = spawn('npx', ['tsx', 'src/cli/main.ts', 'search', '--config', cfg, '--out', searchDir, '--backend', backend], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The search prints a line per step; pass on the epoch summaries and every 50th step.
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const step = /^step (\d+)\//.exec(line);
    if (!step || Number(step[1]) % 50 === 0) log(`  ${line}`);
  });
  const code = await new Promise<number | null>((res) => child.on('close', res));
  if (code !== 0) throw new Error(`search failed (exit ${code})`);
}
const result = parseOrThrow(searchResultSchema, JSON.parse(await readFile(join(searchDir, 'result.json'), 'utf8')), 'search result');
const space = result.space;
const tableId = String(result.config.lut ?? 'pixel3-small');
const table = await loadTableFile(tableId, space);
log(`search done; argmax ${result.argmax.blocks.join(' ')}`);

if (!(await initBackend(backend))) throw new Error(`the ${backend} backend failed to start`);
const dataset = await loadDatasetNode(String(result.config.dataset ?? 'fashion-mnist'), {
  size: space.inputSize,
  channels: space.inputChannels,
  trainSamples: budget.trainSamples,
  testSamples: budget.testSamples,
  seed: budget.seed,
});
const refs = referenceArchitectures(space, table);
const candidates: { name: string; blocks: BlockName[] }[] = [
  { name: 'searched argmax', blocks: result.argmax.blocks },
  ...[MOBILENET_V2_LIKE, CHEAPEST].map((n) => refs.find((r) => r.name === n)!),
];

const rows = [];
for (const c of candidates) {
  log(`retraining ${c.name} (${budget.epochs} epochs, ${dataset.train.n} samples, batch ${budget.batchSize}, lr ${budget.lr})`);
  const r = await trainChild({ space, blocks: c.blocks, dataset, ...budget, onEpoch: (e) => log(`  epoch ${e.epoch + 1}: loss ${e.loss.toFixed(3)}, test ${(100 * e.testAccuracy).toFixed(1)}%`) });
  r.net.dispose();
  rows.push({ name: c.name, latencyMs: tableLatencyMs(table, c.blocks) ?? Number.NaN, accuracy: r.testAccuracy, macs: r.macs, params: r.params, blocks: c.blocks.join(' ') });
}

const front = new Set(paretoFront(rows));
const pad = (s: string, n: number) => s.padEnd(n);
process.stdout.write(`\nretrained on ${dataset.name} ${space.inputSize}×${space.inputSize}, ${dataset.train.n} train / ${dataset.test.n} test, ${budget.epochs} epochs, batch ${budget.batchSize}, lr ${budget.lr}, seed ${budget.seed}, ${backend}; latency by ${table.name}\n\n`);
process.stdout.write(`${pad('network', 18)}${pad('latency ms', 12)}${pad('accuracy', 10)}${pad('MACs', 12)}${pad('params', 10)}pareto\n`);
for (const [i, r] of rows.entries()) {
  process.stdout.write(`${pad(r.name, 18)}${pad(r.latencyMs.toFixed(3), 12)}${pad(`${(100 * r.accuracy).toFixed(1)}%`, 10)}${pad(String(r.macs), 12)}${pad(String(r.params), 10)}${front.has(i) ? '*' : ''}\n`);
}
const [argmax, mbv2] = rows;
const ok = argmax.latencyMs < mbv2.latencyMs && argmax.accuracy >= mbv2.accuracy - 0.01;
process.stdout.write(
  `\nsearched argmax vs all-k3_e6: latency ${argmax.latencyMs.toFixed(3)} vs ${mbv2.latencyMs.toFixed(3)} ms, accuracy ${(100 * argmax.accuracy).toFixed(1)}% vs ${(100 * mbv2.accuracy).toFixed(1)}% → ` +
    `${ok ? 'PASS' : 'FAIL'} (faster and at most 1 point less accurate${dominates(argmax, mbv2) ? '; strictly Pareto-dominates' : ''})\n`,
);
await mkdir(out, { recursive: true });
await writeFile(join(out, 'compare.json'), `${JSON.stringify({ budget, backend, table: table.name, rows, pass: ok }, null, 1)}\n`);
log(`wrote ${join(out, 'compare.json')}`);
process.exit(ok ? 0 : 1);
