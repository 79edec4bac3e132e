import { useChartRows } from '../state/selectors';
import { SERIES } from './colors';
import { StepChart } from './StepChart';

export function LatencyChart() {
  const rows = useChartRows();
  return (
    <StepChart
      title="Latency (table, ms)"
      testId="chart-latency"
      data={rows}
      yLabel="ms"
      series={[
        { key: 'expectedLatencyMs', name: 'expected E[LAT]', color: SERIES.expected },
        { key: 'argmaxLatencyMs', name: 'argmax architecture', color: SERIES.argmax, dashed: true },
      ]}
    />
  );
}
