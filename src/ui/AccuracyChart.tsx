import { useAccuracySeries } from '../state/selectors';
import { SERIES } from './colors';
import { StepChart } from './StepChart';

export function AccuracyChart() {
  const data = useAccuracySeries();
  return (
    <StepChart
      title="Accuracy"
      testId="chart-accuracy"
      data={data}
      yDomain={[0, 1]}
      series={[
        { key: 'trainSmooth', name: 'train (smoothed)', color: SERIES.train },
        { key: 'val', name: 'validation (per epoch)', color: SERIES.val, sparse: true },
      ]}
    />
  );
}
