import { useChartRows } from '../state/selectors';
import { SERIES } from './colors';
import { StepChart } from './StepChart';

export function TauChart() {
  const rows = useChartRows();
  return <StepChart title="Temperature τ" testId="chart-tau" data={rows} series={[{ key: 'tau', name: 'τ', color: SERIES.tau }]} />;
}
