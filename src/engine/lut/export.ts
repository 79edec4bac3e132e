import { BLOCK_NAMES } from '../space/blocks';
import type { LatencyTable } from './latency';
import { layerShapes, type Space } from '../space/space';

function num(v: number): string {
  // Shortest round-trip spelling, so a re-read gives the same double.
  return String(v);
}

/**
 * Long-format CSV with both latency_ms and latency_us; shapes are those of `space`, so the file
 * records what it was mapped onto. Unknown cells are left out; a table without a fixed-op
 * breakdown writes its constant as one `fixed` row.
 */
export function tableToCsv(table: LatencyTable, space: Space): string {
  const shapes = layerShapes(space);
  const lines = ['layer,block,in_channels,out_channels,input_hw,stride,latency_ms,latency_us'];
  table.layers.forEach((row, l) => {
    const sh = shapes[l];
    row.forEach((v, b) => {
      if (v == null) return;
      const shape = sh ? [sh.cIn, sh.cOut, sh.inputSize, sh.stride].join(',') : ',,,';
      lines.push(`${l},${BLOCK_NAMES[b]},${shape},${num(v)},${num(v * 1000)}`);
    });
  });
  const fixed = table.fixed && Object.keys(table.fixed).length ? table.fixed : table.fixedMs ? { fixed: table.fixedMs } : {};
  for (const [name, v] of Object.entries(fixed)) {
    lines.push(`${name === 'stem' ? 'stem' : 'head'},${name},,,,,${num(v)},${num(v * 1000)}`);
  }
  return `# ${table.name.replace(/[\r\n]/g, ' ')}${table.source ? ` (${table.source.replace(/[\r\n]/g, ' ')})` : ''}\n${lines.join('\n')}\n`;
}
