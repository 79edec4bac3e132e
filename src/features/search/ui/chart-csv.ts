import type { EpochRow, StepRow } from '../slice';

const COLUMNS: (keyof StepRow)[] = [
  'step',
  'epoch',
  'phase',
  'loss',
  'ce',
  'accuracy',
  'expectedLatencyMs',
  'argmaxLatencyMs',
  'tau',
  'alpha',
  'beta',
  'msPerStep',
];

/** Every step (not the downsampled chart view), with validation accuracy on the step that ended its epoch. */
export function chartCsv(rows: readonly StepRow[], epochs: readonly EpochRow[]): string {
  const val = new Map(epochs.map((e) => [e.step, e.validationAccuracy]));
  const lines = [[...COLUMNS, 'validationAccuracy'].join(',')];
  for (const r of rows) {
    lines.push([...COLUMNS.map((c) => (r[c] == null ? '' : String(r[c]))), val.has(r.step) ? String(val.get(r.step)) : ''].join(','));
  }
  return `${lines.join('\n')}\n`;
}
