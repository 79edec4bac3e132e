import { useChartRows } from '../selectors';
import { SERIES } from '../../../shared/colors';
import { StepChart, type Series } from './StepChart';

const LINES: Series[] = [{ key: 'tau', name: 'τ', color: SERIES.tau }];

export function TauChart() {
  const rows = useChartRows();
  return <StepChart title="Temperature τ" testId="chart-tau" data={rows} yLabel="τ" series={LINES} />;
}
