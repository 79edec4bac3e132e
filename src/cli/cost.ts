import { existsSync } from 'node:fs';
import { PUBLISHED_BLOCKS, publishedSpace } from '../engine/space/archs';
import { blockIndex } from '../engine/space/blocks';
import { archCost } from '../engine/space/costs';
import { tableLatencyMs } from '../engine/lut/latency';
import { archSchema, parseOrThrow, type ArchJson } from '../engine/schemas';
import { parseCommand } from './args';
import { usage } from './help';
import { loadTableFile } from './lut-file';
import { nameFromFile, readJsonFile } from './read-json';

/** `cost <arch.json | published name> [--lut <table>]`: MACs, params and table latency as one JSON object. */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('cost', argv, { lut: { type: 'string' } });
  if (positionals.length !== 1) throw new Error(usage('cost'));
  const arch = await loadArch(positionals[0]);
  const cost = archCost(arch.space, arch.blocks);
  let latencyMs: number | null = null;
  let layerLatency: (number | null)[] = arch.blocks.map(() => null);
  if (values.lut) {
    const table = await loadTableFile(values.lut, arch.space);
    latencyMs = tableLatencyMs(table, arch.blocks);
    layerLatency = arch.blocks.map((b, l) => table.layers[l]?.[blockIndex(b)] ?? null);
  }
  const out = {
    name: arch.name,
    macs: cost.macs,
    params: cost.params,
    latencyMs,
    layers: cost.layers.map((l, i) => ({ ...l, latencyMs: layerLatency[i] })),
    fixed: cost.fixed,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  return 0;
}

async function loadArch(ref: string): Promise<ArchJson> {
  if (!existsSync(ref) && ref in PUBLISHED_BLOCKS) {
    return { format: 'fbnet-studio/arch@1', name: ref, space: publishedSpace(ref), blocks: PUBLISHED_BLOCKS[ref] };
  }
  return parseOrThrow(archSchema, nameFromFile(await readJsonFile(ref), ref), `architecture in ${ref}`);
}
