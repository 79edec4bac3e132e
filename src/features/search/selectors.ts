import { useMemo } from 'react';
import { downsampleSteps } from './downsample';
import { useStudio } from '../../app/store';
import type { EpochRow, LogEntry, StepRow } from './slice';

/** Enough to draw a 210 px tall card's line faithfully; every point costs render time on every step. */
export const CHART_POINTS = 300;

/** The log entries drawn as markers on the step charts; a new array only when the log changes. */
export function useMarkers(): LogEntry[] {
  const log = useStudio((s) => s.log);
  return useMemo(() => log.filter((e) => e.marker), [log]);
}

export function useChartRows(): StepRow[] {
  const rows = useStudio((s) => s.rows);
  const markers = useMarkers();
  return useMemo(() => chartRows(rows, markers), [rows, markers]);
}

export function chartRows(rows: readonly StepRow[], markers: readonly LogEntry[]): StepRow[] {
  return downsampleSteps(
    rows,
    CHART_POINTS,
    markers.map((m) => m.step),
  );
}

export interface AccuracyPoint {
  step: number;
  train: number | null;
  trainSmooth: number | null;
  val: number | null;
}

/** Train accuracy per step (smoothed, it is one batch) and validation accuracy at epoch ends, on one step axis. */
export function accuracySeries(rows: readonly StepRow[], epochs: readonly EpochRow[], markers: readonly LogEntry[]): AccuracyPoint[] {
  let ema: number | null = null;
  const smooth: AccuracyPoint[] = rows.map((r) => {
    ema = ema == null ? r.accuracy : 0.9 * ema + 0.1 * r.accuracy;
    return { step: r.step, train: r.accuracy, trainSmooth: ema, val: null };
  });
  const pinned = [...markers.map((m) => m.step), ...epochs.map((e) => e.step)];
  const merged = downsampleSteps(smooth, CHART_POINTS, pinned).map((p) => ({ ...p }));
  const byStep = new Map(merged.map((p) => [p.step, p]));
  for (const e of epochs) {
    const at = byStep.get(e.step);
    if (at) at.val = e.validationAccuracy;
    else merged.push({ step: e.step, train: null, trainSmooth: null, val: e.validationAccuracy });
  }
  return merged.sort((a, b) => a.step - b.step);
}

export function useAccuracySeries(): AccuracyPoint[] {
  const rows = useStudio((s) => s.rows);
  const epochs = useStudio((s) => s.epochs);
  const markers = useMarkers();
  return useMemo(() => accuracySeries(rows, epochs, markers), [rows, epochs, markers]);
}
