import type { Dataset } from '../src/engine/data/dataset';
import type { SearchEvent, StepEvent } from '../src/engine/search/events';
import { searchConfigSchema, type SearchConfigInput } from '../src/engine/schemas';
import type { Space } from '../src/engine/space/space';
import { RunDriver, Search } from '../src/engine/search';
import { microSpace, syntheticDataset, syntheticTable } from './synthetic';

export const data = syntheticDataset({ size: 8, classes: 3, train: 120, test: 24, seed: 1 });

export async function makeSearch(over: SearchConfigInput = {}, space: Space = microSpace(), dataset: Dataset = data) {
  const config = searchConfigSchema.parse({ epochs: 3, warmupEpochs: 1, batchSize: 12, samples: 3, ...over });
  return Search.create({ config, dataset, table: syntheticTable(space), space });
}

export async function runAll(s: Search): Promise<SearchEvent[]> {
  const events: SearchEvent[] = [];
  await new RunDriver(s, { onEvents: (e) => events.push(...e) }).run();
  return events;
}

export const steps = (ev: SearchEvent[]) => ev.filter((e): e is StepEvent => e.type === 'step');
