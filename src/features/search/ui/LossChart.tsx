import { useChartRows } from '../selectors';
import { SERIES } from '../../../shared/colors';
import { StepChart, type Series } from './StepChart';

const LINES: Series[] = [
  { key: 'loss', name: 'loss', color: SERIES.loss },
  { key: 'ce', name: 'CE', color: SERIES.ce },
];

export function LossChart() {
  const rows = useChartRows();
  return <StepChart title="Loss and cross-entropy (train)" testId="chart-loss" data={rows} yLabel="loss" series={LINES} logToggle />;
}
