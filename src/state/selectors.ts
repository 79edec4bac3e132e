import { useMemo } from 'react';
import type { RunStatus } from '../protocol';
import { downsample } from './history';
import { useStudio } from './store';

export const CHART_POINTS = 400;

export function useChartRows() {
  const rows = useStudio((s) => s.rows);
  return useMemo(() => downsample(rows, CHART_POINTS), [rows]);
}

/** Train accuracy per step (smoothed, it is one batch) and validation accuracy at epoch ends, on one step axis. */
export function useAccuracySeries() {
  const rows = useStudio((s) => s.rows);
  const epochs = useStudio((s) => s.epochs);
  return useMemo(() => {
    let ema: number | null = null;
    const smooth = rows.map((r) => {
      ema = ema == null ? r.accuracy : 0.9 * ema + 0.1 * r.accuracy;
      return { step: r.step, train: r.accuracy, trainSmooth: ema as number, val: null as number | null };
    });
    const points = downsample(smooth, CHART_POINTS);
    const merged = [...points];
    for (const e of epochs) {
      const at = merged.find((p) => p.step === e.step);
      if (at) at.val = e.validationAccuracy;
      else merged.push({ step: e.step, train: null as unknown as number, trainSmooth: null as unknown as number, val: e.validationAccuracy });
    }
    return merged.sort((a, b) => a.step - b.step);
  }, [rows, epochs]);
}

/** A search holds the worker: from loading until it has stopped (config, data and backend are locked). */
export function searchActive(status: RunStatus): boolean {
  return status === 'loading' || status === 'running' || status === 'paused' || status === 'stopping';
}
