/**
 * The hostile-input corpus (tests/fixtures/malformed/): every file is refused, and the message
 * names what is wrong and where. `*.patch.json` files are applied to a real checkpoint first, so
 * they reach the checks that run on restore.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/engine/runtime/tf';
import { parseCheckpointText, type Checkpoint } from '../src/engine/search/checkpoint';
import { archSchema, parseOrThrow, searchConfigSchema, searchResultSchema } from '../src/engine/schemas';
import { parseLatencyTable } from '../src/engine/lut/parse';
import { restoreSearch, Search, takeCheckpoint } from '../src/engine/search';
import { readUrl } from '../src/app/url';
import { microSpace, syntheticDataset, syntheticTable, tinySpace } from './synthetic';
import { errorMessage } from '../src/engine/errors';

const DIR = new URL('./fixtures/malformed/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, DIR), 'utf8');

/** The specific message each file must produce (a substring of it). */
const EXPECTED: Record<string, string | RegExp> = {
  'config-warmup-not-before-epochs.json': 'warmupEpochs: warm-up epochs (4) must be fewer than epochs (4) so θ gets trained',
  'config-negative-lr.json': /wLr: Too small: expected number to be >0/,
  'config-zero-batch.json': /batchSize: Too small: expected number to be >0/,
  'config-unknown-layout.json': /space: Invalid input/,
  'config-fractional-seed.json': /seed: Invalid input: expected int, received number/,
  'config-wsplit-one.json': /wSplit: Too small|wSplit: Too big: expected number to be <1/,
  'config-epochs-as-text.json': /epochs: Invalid input: expected number, received string/,
  'config-unknown-block.json': /allowedBlocks/,
  'config-unknown-loss-form.json': 'lossForm: "fancy" is not one of paper, additive, target',
  'config-not-an-object.json': /\(root\): Invalid input: expected object, received array/,
  'url-unknown-preset.txt': 'preset “nope” is unknown',
  'url-unknown-backend.txt': 'backend “tpu” is not one of auto, webgpu, wasm, webgl, cpu',
  'url-lr-not-a-number.txt': 'wLr=abc ignored: w learning rate: “abc” is not a number',
  'url-negative-batch.txt': /batch=-8 ignored: Batch size: Too small: expected number to be >0/,
  'url-unknown-layout.txt': 'layout=giant ignored: Layout: “giant” is not one of small, imagenet',
  'url-infinite-tau.txt': 'tau0=Infinity ignored: Initial τ: “Infinity” is not a number',
  'checkpoint-truncated.json': /checkpoint-truncated\.json is not JSON \(.*JSON/,
  'checkpoint-is-a-result.json':
    'checkpoint-is-a-result.json is a "fbnet-studio/search-result@1" file, not a checkpoint (fbnet-studio/checkpoint@1)',
  'checkpoint-fields-missing.json':
    /checkpoint-fields-missing\.json is not a valid checkpoint:\n {2}config: Invalid input: expected object, received undefined/,
  'checkpoint-theta-not-base64.patch.json': 'checkpoint: theta: the data is not valid base64',
  'checkpoint-theta-wrong-shape.patch.json': /checkpoint: theta has shape \[4,8\], the network expects \[4,9\]/,
  'checkpoint-no-variables.patch.json': /checkpoint: 0 variables, the network has \d+/,
  'checkpoint-negative-step.patch.json': /invalid checkpoint:\n {2}position\.step: Too small: expected number to be >=0/,
  'checkpoint-batch-past-phase.patch.json': /checkpoint: batch 99 of a \d+-batch (w|theta) phase/,
  'checkpoint-fractional-rng.patch.json': /rng\.data: Invalid input: expected int, received number/,
  'arch-wrong-block-count.json': 'blocks: expected 5 blocks (one per layer), got 3',
  'arch-unknown-block.json': `blocks[0]: "k9_e9" is not a block; expected one of k3_e1, k3_e1_g2, k3_e3, k3_e6, k5_e1, k5_e1_g2, k5_e3, k5_e6, skip`,
  'arch-missing-space.json': /space: Invalid input: expected object, received undefined/,
  'arch-future-format.json': /format: Invalid input: expected "fbnet-studio\/arch@1"/,
  'result-probability-above-one.json': /probabilities\[0\]\[0\]: Too big: expected number to be <=1/,
  'result-short-probability-row.json': /probabilities\[0\]: Too small: expected array to have exactly 9 items/,
  'table-duplicate-cell.csv': 'line 3, column "latency_ms": conflicting duplicate for layer 1, k3_e1: 0.7 ms here, 0.5 ms on line 2',
  'table-word-for-number.csv': 'line 2, column "latency_ms": latency "fast" is not a number',
  'table-layer-out-of-range.csv': /line 2.*99/,
};

let checkpoint: Checkpoint;
const data = syntheticDataset({ size: 8, classes: 3, train: 60, test: 12, seed: 4 });

beforeAll(async () => {
  await tf.setBackend('cpu');
  const space = microSpace();
  const config = searchConfigSchema.parse({ epochs: 2, warmupEpochs: 1, batchSize: 12, samples: 1, seed: 3 });
  const s = await Search.create({ config, dataset: data, table: syntheticTable(space), space });
  await s.step();
  checkpoint = JSON.parse(JSON.stringify(await takeCheckpoint(s)));
  s.dispose();
});

function refusal(name: string): string {
  const text = read(name);
  const attempt = (): unknown => {
    if (name.startsWith('config-')) return parseOrThrow(searchConfigSchema, JSON.parse(text), 'search config');
    if (name.startsWith('url-')) {
      const r = readUrl(`?${text.trim()}`);
      if (r.problems.length) throw new Error(r.problems.join('\n'));
      return r;
    }
    if (name.startsWith('arch-')) return parseOrThrow(archSchema, JSON.parse(text), 'architecture');
    if (name.startsWith('result-')) return parseOrThrow(searchResultSchema, JSON.parse(text), 'search result');
    if (name.startsWith('table-')) return parseLatencyTable(text, tinySpace(), { name });
    if (name.startsWith('checkpoint-') && !name.endsWith('.patch.json')) return parseCheckpointText(text, name);
    throw new Error(`no reader for ${name}`);
  };
  try {
    attempt();
  } catch (err) {
    return errorMessage(err);
  }
  throw new Error(`${name} was accepted`);
}

async function restoreRefusal(name: string): Promise<string> {
  const patch = JSON.parse(read(name)) as { path: (string | number)[]; value: unknown };
  const cp = structuredClone(checkpoint) as unknown as Record<string, unknown>;
  let at: Record<string, unknown> = cp;
  for (const key of patch.path.slice(0, -1)) at = at[key as string] as Record<string, unknown>;
  at[patch.path.at(-1) as string] = patch.value;
  try {
    (await restoreSearch(cp, { dataset: data })).dispose();
  } catch (err) {
    return errorMessage(err);
  }
  throw new Error(`${name} was accepted`);
}

describe('malformed inputs', () => {
  const files = readdirSync(DIR).sort();

  it('has at least 25 fixtures, each with its expected message', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(files.filter((f) => !(f in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((f) => !files.includes(f))).toEqual([]);
  });

  for (const name of Object.keys(EXPECTED)) {
    it(`refuses ${name}`, async () => {
      const message = name.endsWith('.patch.json') ? await restoreRefusal(name) : refusal(name);
      const want = EXPECTED[name];
      if (typeof want === 'string') expect(message).toContain(want);
      else expect(message).toMatch(want);
    });
  }

  it('a restore refused part-way leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    await restoreRefusal('checkpoint-no-variables.patch.json');
    expect(tf.memory().numTensors).toBe(before);
  });
});
