import type { LatencyTable } from './latency';
import type { Space } from '../space/space';
import { parseLatencyTable, type ParsedTable } from './parse';

export interface BundledTable {
  id: string;
  device: string;
  layout: 'imagenet' | 'small';
  /** File name under public/luts/. */
  file: string;
  description: string;
  /** True for timings taken on the device; false for simulator/model estimates. */
  measured: boolean;
}

const DEVICES: { device: string; what: string; measured: boolean }[] = [
  { device: 'pixel3', what: 'Google Pixel 3 phone, measured', measured: true },
  { device: 'raspi4', what: 'Raspberry Pi 4, measured', measured: true },
  {
    device: 'edgegpu',
    what: 'NVIDIA Jetson TX2 (TensorRT, batch 1), measured; small-input blocks are launch-overhead bound',
    measured: true,
  },
  { device: 'eyeriss', what: 'Eyeriss ASIC, simulator estimate', measured: false },
  { device: 'fpga', what: 'FPGA, estimate (skip, stem and head cost 0)', measured: false },
];

/** HW-NAS-Bench's per-block tables; `small` is its CIFAR-100 layout (file suffix cifar100). */
export const BUNDLED_TABLES: BundledTable[] = DEVICES.flatMap(({ device, what, measured }) =>
  (['small', 'imagenet'] as const).map((layout) => ({
    id: `${device}-${layout}`,
    device,
    layout,
    file: `hwnasbench_fbnet_${device}_${layout === 'small' ? 'cifar100' : 'imagenet'}.csv`,
    description: `${what} (HW-NAS-Bench, ${layout === 'small' ? '32×32 input' : '224×224 input'} layout)`,
    measured,
  })),
);

export function findBundled(id: string): BundledTable | undefined {
  return BUNDLED_TABLES.find((t) => t.id === id);
}

/** Parses a bundled table given its file text (the studio fetches it, Node reads it from disk). */
export function parseBundled(entry: BundledTable, text: string, space: Space): ParsedTable {
  return parseLatencyTable(text, space, { name: entry.id, source: `HW-NAS-Bench ${entry.device} (${entry.file})` });
}

/** Loads a bundled table by id through the caller's fetcher, keeping the engine free of I/O. */
export async function loadBundled(id: string, space: Space, readText: (file: string) => Promise<string>): Promise<LatencyTable> {
  const entry = findBundled(id);
  if (!entry) throw new Error(`unknown bundled table "${id}" (expected one of ${BUNDLED_TABLES.map((t) => t.id).join(', ')})`);
  return parseBundled(entry, await readText(entry.file), space).table;
}
