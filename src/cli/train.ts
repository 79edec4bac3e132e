import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PUBLISHED_BLOCKS } from '../engine/space/archs';
import { initBackend } from '../engine/runtime/backend';
import type { BlockName } from '../engine/space/blocks';
import { tableLatencyMs } from '../engine/lut/latency';
import { exportOnnxModel, exportTfjsModel, pytorchModule, WEIGHTS_FILE } from '../engine/export';
import { PRESETS } from '../engine/search/presets';
import { describeSubstitutions, measureInference, referenceArchitectures, trainChild } from '../engine/retrain';
import { archSchema, parseOrThrow, searchConfigSchema, type ArchJson } from '../engine/schemas';
import type { Space } from '../engine/space/space';
import { resolveSpace } from '../engine/search';
import { BUDGET_OPTIONS, numberArg, parseCommand, backendArg } from './args';
import { usage, version } from './help';
import { loadTableFile } from './lut-file';
import { loadDatasetNode, peekDatasetNode } from './node-data';
import { nameFromFile, readJsonFile } from './read-json';

const say = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `train`: retrains one architecture from scratch as a plain network, then writes arch.json,
 * model.json + weights (tfjs), model.onnx (ONNX), model.py (PyTorch) and result.json into --out.
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('train', argv, {
    ...BUDGET_OPTIONS,
    arch: { type: 'string' },
    out: { type: 'string' },
    dataset: { type: 'string', default: 'fashion-mnist' },
    lut: { type: 'string' },
  });
  if (!values.arch || !values.out || !values.epochs) throw new Error(usage('train'));
  const int = (name: string, v: string | undefined, d: number) => {
    const n = numberArg('train', name, v, d);
    if (!Number.isInteger(n) || n < (name === 'seed' ? 0 : 1))
      throw new Error(`train: --${name} must be a ${name === 'seed' ? 'non-negative' : 'positive'} integer, got "${v}"`);
    return n;
  };
  const quick = searchConfigSchema.parse(PRESETS[0].config);
  const epochs = int('epochs', values.epochs, 1);
  const trainSamples = int('train-samples', values['train-samples'], quick.trainSamples);
  const testSamples = int('test-samples', values['test-samples'], quick.testSamples);
  const batchSize = int('batch-size', values['batch-size'], quick.batchSize);
  const seed = int('seed', values.seed, quick.seed);
  const lr = numberArg('train', 'lr', values.lr, quick.wLr);
  if (!(lr > 0)) throw new Error(`train: --lr must be positive, got "${values.lr}"`);
  const backend = backendArg('train', values.backend);

  const native = await peekDatasetNode(values.dataset);
  const arch = await resolveArch(values.arch, native);
  if (!(await initBackend(backend))) throw new Error(`train: the ${backend} backend failed to start`);
  const dataset = await loadDatasetNode(values.dataset, {
    size: arch.space.inputSize,
    channels: arch.space.inputChannels,
    trainSamples,
    testSamples,
    seed,
  });
  if (dataset.note) say(dataset.note);
  const table = values.lut ? await loadTableFile(values.lut, arch.space) : null;

  const stepsPerEpoch = Math.floor(dataset.train.n / batchSize);
  say(
    `training ${arch.name} on ${dataset.name} (${dataset.train.n} train / ${dataset.test.n} test, ${dataset.size}×${dataset.size}×${dataset.channels}), ${epochs} epochs × ${stepsPerEpoch} steps, batch ${batchSize}, lr ${lr}, ${backend}`,
  );
  const result = await trainChild({
    space: arch.space,
    blocks: arch.blocks,
    dataset,
    epochs,
    batchSize,
    lr,
    seed,
    // Progress goes to stderr so stdout holds only the final JSON line.
    onEpoch: (e) =>
      say(
        `epoch ${e.epoch + 1}/${epochs}  loss ${e.loss.toFixed(4)}  train acc ${pct(e.accuracy)}  test acc ${pct(e.testAccuracy)}  lr ${e.lr.toPrecision(3)}  ${(e.ms / 1000).toFixed(1)} s`,
      ),
  });
  try {
    const inference = await measureInference(result.net, { repeats: 20 });
    const latencyMs = table ? tableLatencyMs(table, arch.blocks) : (arch.latencyMs ?? null);
    const archOut = {
      format: 'fbnet-studio/arch@1' as const,
      name: arch.name,
      space: arch.space,
      blocks: arch.blocks,
      macs: result.macs,
      params: result.params,
      latencyMs,
    };
    const tfjs = await exportTfjsModel(result.net);
    await mkdir(values.out, { recursive: true });
    await writeFile(join(values.out, 'arch.json'), `${JSON.stringify(archOut, null, 1)}\n`);
    await writeFile(join(values.out, 'model.json'), JSON.stringify(tfjs.modelJson));
    await writeFile(join(values.out, WEIGHTS_FILE), new Uint8Array(tfjs.weightData));
    await writeFile(join(values.out, 'model.onnx'), await exportOnnxModel(result.net, version()));
    await writeFile(join(values.out, 'model.py'), pytorchModule(archOut));
    const summary = { testAccuracy: result.testAccuracy, macs: result.macs, params: result.params };
    const doc = {
      format: 'fbnet-studio/retrain-result@1',
      arch: archOut,
      ...summary,
      latencyMs,
      table: table?.name ?? null,
      inference: {
        backend: inference.backend,
        batch: 1,
        medianMs: inference.medianMs,
        minMs: inference.minMs,
        repeats: inference.timesMs.length,
      },
      history: result.history,
      config: {
        dataset: dataset.name,
        epochs,
        trainSamples: dataset.train.n,
        testSamples: dataset.test.n,
        batchSize,
        lr,
        momentum: 0.9,
        weightDecay: 1e-4,
        seed,
        backend,
      },
    };
    await writeFile(join(values.out, 'result.json'), `${JSON.stringify(doc, null, 1)}\n`);
    say(
      `inference (batch 1, ${inference.backend}): median ${inference.medianMs.toFixed(2)} ms; wrote arch.json, model.json, ${WEIGHTS_FILE}, model.onnx, model.py, result.json to ${values.out}`,
    );
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } finally {
    result.net.dispose();
  }
}

const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '—');

type Arch = ArchJson & { latencyMs?: number | null };

/** An arch.json, a search result.json (its argmax), or a named reference in the default preset's space. */
async function resolveArch(ref: string, data: { channels: number; numClasses: number }): Promise<Arch> {
  if (existsSync(ref)) {
    const doc = (await readJsonFile(ref)) as { format?: string; argmax?: unknown };
    const arch = parseOrThrow(
      archSchema,
      doc?.format === 'fbnet-studio/search-result@1' ? doc.argmax : nameFromFile(doc, ref),
      `architecture in ${ref}`,
    ) as Arch;
    return { ...arch, space: adaptSpace(arch.space, data) };
  }
  const space = resolveSpace(searchConfigSchema.parse(PRESETS[0].config), data);
  const named = referenceArchitectures(space).find((r) => r.name === ref);
  if (!named) {
    const names = [
      ...Object.keys(PUBLISHED_BLOCKS),
      ...referenceArchitectures(space)
        .map((r) => r.name)
        .filter((n) => !(n in PUBLISHED_BLOCKS)),
    ];
    throw new Error(`train: no file "${ref}" and no architecture of that name (expected a path or one of ${names.join(', ')})`);
  }
  say(
    `${ref} in the ${PRESETS[0].id} preset's space (input ${space.inputSize}, width ${searchConfigSchema.parse(PRESETS[0].config).widthMultiplier}, head ${space.headChannels})`,
  );
  if (named.substitutions.length) say(`${ref}: blocks the space does not allow were replaced: ${describeSubstitutions(named)}`);
  return { format: 'fbnet-studio/arch@1', name: ref, space, blocks: named.blocks as BlockName[] };
}

/** Input channels and classes come from the data; everything else stays as the architecture was defined. */
function adaptSpace(space: Space, data: { channels: number; numClasses: number }): Space {
  const changes: string[] = [];
  if (space.inputChannels !== data.channels) changes.push(`input channels ${space.inputChannels} → ${data.channels}`);
  if (space.numClasses !== data.numClasses) changes.push(`classes ${space.numClasses} → ${data.numClasses}`);
  if (changes.length) say(`the architecture was made for other data: ${changes.join(', ')} (taken from the dataset)`);
  return { ...space, inputChannels: data.channels, numClasses: data.numClasses };
}
