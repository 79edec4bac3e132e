import { useAccuracySeries } from '../selectors';
import { SERIES } from '../../../shared/colors';
import { StepChart, type Series } from './StepChart';

const LINES: Series[] = [
  { key: 'trainSmooth', name: 'train (smoothed)', color: SERIES.train },
  { key: 'val', name: 'validation (per epoch)', color: SERIES.val, sparse: true },
];
const DOMAIN = [0, 1] as const;

export function AccuracyChart() {
  const data = useAccuracySeries();
  return <StepChart title="Accuracy" testId="chart-accuracy" data={data} yLabel="accuracy" yDomain={DOMAIN} series={LINES} />;
}
