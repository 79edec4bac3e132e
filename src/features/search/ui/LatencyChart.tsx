import { useChartRows } from '../selectors';
import { SERIES } from '../../../shared/colors';
import { StepChart, type Series } from './StepChart';

const LINES: Series[] = [
  { key: 'expectedLatencyMs', name: 'expected E[LAT]', color: SERIES.expected },
  { key: 'argmaxLatencyMs', name: 'argmax architecture', color: SERIES.argmax, dashed: true },
  { key: 'targetMs', name: 'target T', color: SERIES.marker, dashed: true },
];

export function LatencyChart() {
  const rows = useChartRows();
  return <StepChart title="Latency (table, ms)" testId="chart-latency" data={rows} yLabel="ms" series={LINES} />;
}
