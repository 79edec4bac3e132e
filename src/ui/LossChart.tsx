import { useChartRows } from '../state/selectors';
import { SERIES } from './colors';
import { StepChart } from './StepChart';

export function LossChart() {
  const rows = useChartRows();
  return (
    <StepChart
      title="Loss and cross-entropy (train)"
      testId="chart-loss"
      data={rows}
      series={[
        { key: 'loss', name: 'loss', color: SERIES.loss },
        { key: 'ce', name: 'CE', color: SERIES.ce },
      ]}
    />
  );
}
