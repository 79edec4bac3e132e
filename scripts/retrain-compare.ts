/**
 * The acceptance comparison, per seed: search with a studio preset (exactly as the studio runs it),
 * then retrain from scratch on one shared budget its argmax, the all-k3_e6 (MobileNetV2-like)
 * network, the cheapest network, and random architectures whose table latency lies within ±15 %
 * of the argmax's (random search, the honest baseline). Prints each seed's table, then each
 * network's mean ± sd over the seeds and the verdicts:
 * - keeps accuracy: the argmax is within 2 points of all-k3_e6 at ≤ 0.6× its latency;
 * - beats random search: the argmax is more accurate than the median of the random networks.
 *
 * npm run compare -- [--seeds 1,2,3] [--preset default] [--random 5] [--epochs N] [--train-samples N]
 *   [--test-samples N] [--batch-size N] [--lr X] [--backend wasm|cpu] [--out <dir>] [--reuse]
 * npm run compare -- --merge <dir>,<dir>,…   (the summary over runs made separately, e.g. one seed each in parallel)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { initBackend } from '../src/engine/runtime/backend';
import type { BlockName } from '../src/engine/space/blocks';
import { tableLatencyMs } from '../src/engine/lut/latency';
import { CHEAPEST, MOBILENET_V2_LIKE, randomArchitecturesNear, referenceArchitectures, trainChild } from '../src/engine/retrain';
import { Rng } from '../src/engine/rng';
import { parseOrThrow, searchResultSchema } from '../src/engine/schemas';
import { backendArg, BUDGET_OPTIONS, numberArg, parseCommand } from '../src/cli/args';
import { loadTableFile } from '../src/cli/lut-file';
import { loadDatasetNode } from '../src/cli/node-data';

const { values } = parseCommand('compare', process.argv.slice(2), {
  ...BUDGET_OPTIONS,
  seeds: { type: 'string', default: '1' },
  preset: { type: 'string', default: 'default' },
  random: { type: 'string' },
  out: { type: 'string', default: 'runs/compare' },
  reuse: { type: 'boolean', default: false },
  /** Comma-separated folders of earlier runs (their compare.json): print the summary over all their seeds. */
  merge: { type: 'string' },
});
const num = (k: keyof typeof values, d: number) => numberArg('compare', k, values[k] as string | undefined, d);
const budget = {
  epochs: num('epochs', 8),
  trainSamples: num('train-samples', 2000),
  testSamples: num('test-samples', 1000),
  batchSize: num('batch-size', 32),
  lr: num('lr', 0.1),
};
const RANDOM = num('random', 5);
const BAND = 0.15;
const seeds = values.seeds!.split(',').map((s) => numberArg('compare', 'seeds', s, 1));
const backend = backendArg('compare', values.backend);
const out = values.out!;
const t0 = performance.now();
const log = (s: string) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0)} s] ${s}\n`);

interface Row {
  name: string;
  kind: 'argmax' | 'mbv2' | 'cheapest' | 'random';
  latencyMs: number;
  accuracy: number;
  macs: number;
  params: number;
  blocks: string;
}

/** The search of one seed through the CLI, as `fbnet search --preset` runs it. */
async function search(seed: number): Promise<string> {
  const dir = join(out, `seed-${seed}`);
  if (values.reuse && existsSync(join(dir, 'result.json'))) return dir;
  await mkdir(dir, { recursive: true });
  const overrides = join(dir, 'overrides.json');
  await writeFile(overrides, `${JSON.stringify({ seed })}\n`);
  const args = ['tsx', 'src/cli/main.ts', 'search', '--preset', values.preset!, '--config', overrides, '--out', dir, '--backend', backend];
  log(`search: npm run --silent fbnet -- ${args.slice(3).join(' ')}`);
  const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const step = /^step (\d+)\//.exec(line);
    if (!step || Number(step[1]) % 100 === 0) log(`  ${line}`);
  });
  const code = await new Promise<number | null>((res) => child.on('close', res));
  if (code !== 0) throw new Error(`search of seed ${seed} failed (exit ${code})`);
  return dir;
}

async function compareSeed(seed: number): Promise<Row[]> {
  const dir = await search(seed);
  const result = parseOrThrow(searchResultSchema, JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')), 'search result');
  const space = result.space;
  const table = await loadTableFile(String(result.config.lut ?? 'pixel3-small'), space);
  const dataset = await loadDatasetNode(String(result.config.dataset ?? 'fashion-mnist'), {
    size: space.inputSize,
    channels: space.inputChannels,
    trainSamples: budget.trainSamples,
    testSamples: budget.testSamples,
    seed,
  });
  const refs = referenceArchitectures(space, table);
  const argmaxMs = tableLatencyMs(table, result.argmax.blocks)!;
  const random = randomArchitecturesNear({ space, table, latencyMs: argmaxMs, band: BAND, count: RANDOM, rng: Rng.fromSeed(seed, 7) });
  const candidates: { name: string; kind: Row['kind']; blocks: BlockName[] }[] = [
    { name: 'searched argmax', kind: 'argmax', blocks: result.argmax.blocks },
    { name: 'all-k3_e6', kind: 'mbv2', blocks: refs.find((r) => r.name === MOBILENET_V2_LIKE)!.blocks },
    { name: 'cheapest', kind: 'cheapest', blocks: refs.find((r) => r.name === CHEAPEST)!.blocks },
    ...random.map((blocks, i) => ({ name: `random ${i + 1}`, kind: 'random' as const, blocks })),
  ];
  const rows: Row[] = [];
  for (const c of candidates) {
    log(`seed ${seed}: retraining ${c.name} (${budget.epochs} epochs, ${dataset.train.n} samples)`);
    const r = await trainChild({ space, blocks: c.blocks, dataset, ...budget, seed });
    r.net.dispose();
    rows.push({
      name: c.name,
      kind: c.kind,
      latencyMs: tableLatencyMs(table, c.blocks) ?? Number.NaN,
      accuracy: r.testAccuracy,
      macs: r.macs,
      params: r.params,
      blocks: c.blocks.join(' '),
    });
  }
  return rows;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) => (v.length < 2 ? 0 : Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1)));
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Verdict {
  seed: number;
  argmax: Row;
  mbv2: Row;
  randomMedian: number;
  keepsAccuracy: boolean;
  beatsRandom: boolean;
}

function verdict(seed: number, rows: Row[]): Verdict {
  const argmax = rows.find((r) => r.kind === 'argmax')!;
  const mbv2 = rows.find((r) => r.kind === 'mbv2')!;
  const randomMedian = median(rows.filter((r) => r.kind === 'random').map((r) => r.accuracy));
  return {
    seed,
    argmax,
    mbv2,
    randomMedian,
    keepsAccuracy: argmax.accuracy >= mbv2.accuracy - 0.02 && argmax.latencyMs <= 0.6 * mbv2.latencyMs,
    beatsRandom: argmax.accuracy > randomMedian,
  };
}

await mkdir(out, { recursive: true });
const perSeed: { seed: number; rows: Row[] }[] = [];
if (values.merge) {
  for (const dir of values.merge.split(',')) perSeed.push(...JSON.parse(await readFile(join(dir, 'compare.json'), 'utf8')).seeds);
  seeds.splice(0, seeds.length, ...perSeed.map((s) => s.seed));
} else if (!(await initBackend(backend))) throw new Error(`the ${backend} backend failed to start`);
for (const seed of values.merge ? [] : seeds) {
  const rows = await compareSeed(seed);
  perSeed.push({ seed, rows });
  process.stdout.write(
    `\nseed ${seed} (preset ${values.preset}; retrained ${budget.epochs} epochs, ${budget.trainSamples} train / ${budget.testSamples} test, batch ${budget.batchSize}, lr ${budget.lr}, ${backend})\n\n`,
  );
  process.stdout.write('| network | latency ms | accuracy | MACs | params | blocks |\n|---|---|---|---|---|---|\n');
  for (const r of rows)
    process.stdout.write(`| ${r.name} | ${r.latencyMs.toFixed(3)} | ${pct(r.accuracy)} | ${r.macs} | ${r.params} | ${r.blocks} |\n`);
  await writeFile(
    join(out, 'compare.json'),
    `${JSON.stringify({ preset: values.preset, budget, backend, random: RANDOM, band: BAND, seeds: perSeed }, null, 1)}\n`,
  );
}

const verdicts = perSeed.map((s) => verdict(s.seed, s.rows));
const kinds: [Row['kind'], string][] = [
  ['argmax', 'searched argmax'],
  ['mbv2', 'all-k3_e6'],
  ['cheapest', 'cheapest'],
  ['random', 'random (±15 % of argmax latency)'],
];
process.stdout.write(`\nover seeds ${seeds.join(', ')}: mean ± sd\n\n| network | latency ms | accuracy |\n|---|---|---|\n`);
for (const [kind, label] of kinds) {
  const rows = perSeed.flatMap((s) => s.rows.filter((r) => r.kind === kind));
  const lat = rows.map((r) => r.latencyMs);
  const acc = rows.map((r) => r.accuracy * 100);
  process.stdout.write(
    `| ${label} | ${mean(lat).toFixed(2)} ± ${sd(lat).toFixed(2)} | ${mean(acc).toFixed(1)} ± ${sd(acc).toFixed(1)} % |\n`,
  );
}
process.stdout.write(
  '\n| seed | argmax ms / all-k3_e6 ms | argmax acc − all-k3_e6 acc | keeps accuracy | argmax acc vs random median | beats random |\n|---|---|---|---|---|---|\n',
);
for (const v of verdicts) {
  process.stdout.write(
    `| ${v.seed} | ${(v.argmax.latencyMs / v.mbv2.latencyMs).toFixed(2)} | ${((v.argmax.accuracy - v.mbv2.accuracy) * 100).toFixed(1)} pts | ${v.keepsAccuracy ? 'yes' : 'no'} | ${pct(v.argmax.accuracy)} vs ${pct(v.randomMedian)} | ${v.beatsRandom ? 'yes' : 'no'} |\n`,
  );
}
const need = Math.ceil((2 * seeds.length) / 3);
const keeps = verdicts.filter((v) => v.keepsAccuracy).length;
const beats = verdicts.filter((v) => v.beatsRandom).length;
const pass = keeps >= need && beats >= need;
process.stdout.write(
  `\nkeeps accuracy (within 2 points of all-k3_e6 at ≤ 0.6× its latency) on ${keeps}/${seeds.length} seeds; beats random search on ${beats}/${seeds.length} seeds → ${pass ? 'PASS' : 'FAIL'} (needs ${need} of ${seeds.length} each)\n`,
);
await writeFile(
  join(out, 'compare.json'),
  `${JSON.stringify({ preset: values.preset, budget, backend, random: RANDOM, band: BAND, seeds: perSeed, verdicts, pass }, null, 1)}\n`,
);
log(`wrote ${join(out, 'compare.json')}`);
process.exit(pass ? 0 : 1);
