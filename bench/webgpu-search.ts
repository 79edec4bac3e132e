/**
 * What the WebGPU kernel benches share: tfjs's WebGPU backend started on Dawn's Node binding
 * (SwiftShader where there is no GPU), and a search on it made the way the studio makes one,
 * pipelines warmed up, on random data with w batches first and then as many θ batches.
 */
import type { SearchConfigInput } from '../src/engine/schemas';
import { installDawn, type DawnAdapter } from './dawn';

/** `--name value` from the command line, or undefined. */
export function argValue(name: string, args = process.argv.slice(2)): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Dawn's adapter (printed, so a software one is never mistaken for a GPU) with tfjs's webgpu backend on it. */
export async function startWebGpu(dawnFlags: string[] = []): Promise<DawnAdapter> {
  const adapter = await installDawn(dawnFlags);
  process.stderr.write(`adapter: ${adapter.vendor} ${adapter.architecture} ${adapter.description}\n`);
  const { initBackend } = await import('../src/engine/runtime/backend');
  if (!(await initBackend('webgpu'))) throw new Error('the webgpu backend did not start');
  return adapter;
}

/** A search of `config` in `mode` with `batches` w batches, then `batches` θ batches. */
export async function webgpuSearch(config: SearchConfigInput, mode: 'mixture' | 'sampled', batches: number) {
  const { parseOrThrow, searchConfigSchema } = await import('../src/engine/schemas');
  const { resolveSpace, Search } = await import('../src/engine/search');
  const { flatTable, randomDataset } = await import('./step');
  const { warmUpPipelines } = await import('../src/engine/runtime/warmup');
  const base = parseOrThrow(searchConfigSchema, { ...config, mode }, 'bench config');
  const B = base.batchSize;
  const c = { ...base, trainSamples: 2 * batches * B, testSamples: B, wSplit: 0.5, warmupEpochs: 0, epochs: 2 };
  const dataset = randomDataset(c.inputSize ?? 16, c.trainSamples, c.testSamples);
  const search = await Search.create({ config: c, dataset, table: flatTable(resolveSpace(c, dataset)) });
  await warmUpPipelines(search);
  return search;
}
