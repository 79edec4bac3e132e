/** A studio preset as a Search in Node, exactly as the studio builds it: its data, its table, its space. */
import { loadTableFile } from '../src/cli/lut-file';
import { loadDatasetNode, peekDatasetNode } from '../src/cli/node-data';
import { parseOrThrow, searchConfigSchema } from '../src/engine/schemas';
import { resolveSpace, Search } from '../src/engine/search';
import { presetById } from '../src/engine/search/presets';

export async function presetSearch(presetId: string, seed: number, set: Record<string, unknown> = {}) {
  const config = parseOrThrow(searchConfigSchema, { ...presetById(presetId).config, ...set, seed }, `preset ${presetId}`);
  const space = resolveSpace(config, await peekDatasetNode(config.dataset));
  const { inputSize: size, inputChannels: channels } = space;
  const dataset = await loadDatasetNode(config.dataset, {
    size,
    channels,
    trainSamples: config.trainSamples,
    testSamples: config.testSamples,
    seed,
  });
  const table = await loadTableFile(config.lut ?? 'pixel3-small', space);
  const search = await Search.create({ config, dataset, table, space });
  return { config, space, dataset, table, search };
}
