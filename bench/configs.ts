/** What the bench measures: search configs (the studio's own presets among them) and their step budget. */
import { PRESETS } from '../src/engine/search/presets';
import type { SearchConfigInput } from '../src/engine/schemas';

export interface BenchConfig {
  name: string;
  description: string;
  config: SearchConfigInput;
  /** Only run with --all (too slow for the default few-minute bench). */
  heavy?: boolean;
}

const preset = (id: string) => {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`preset "${id}" is gone`);
  return p;
};

export const BENCH_CONFIGS: BenchConfig[] = [
  {
    name: 'toy',
    description: 'small layout, width 0.25, 8×8 input, 32-channel head, batch 16',
    config: { space: 'small', inputSize: 8, widthMultiplier: 0.25, headChannels: 32, batchSize: 16 },
  },
  {
    name: 'default',
    description: `the studio default preset (${preset(PRESETS[0].id).label})`,
    config: PRESETS[0].config,
  },
  {
    name: 'gpu',
    description: `the ${preset('gpu').label} preset`,
    config: preset('gpu').config,
    heavy: true,
  },
];

export function benchConfig(name: string): BenchConfig {
  const c = BENCH_CONFIGS.find((x) => x.name === name);
  if (!c) throw new Error(`unknown bench config "${name}" (expected ${BENCH_CONFIGS.map((x) => x.name).join(', ')})`);
  return c;
}
