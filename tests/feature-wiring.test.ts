import { describe, expect, it } from 'vitest';
import type { Command } from '../src/app/protocol';
import { useDatasets, useStudio, useTableTools } from '../src/app/store';
import { Router } from '../workers/router';

describe('worker command router', () => {
  it('hands each command to the feature registered for its type, in arrival order', async () => {
    const router = new Router();
    const seen: string[] = [];
    router.on(['pause', 'resume'], (cmd) => {
      seen.push(`run:${cmd.type}`);
    });
    router.on(['cancelMeasure'], async (cmd) => {
      seen.push(`tables:${cmd.type}`);
    });
    await router.dispatch({ type: 'resume' });
    await router.dispatch({ type: 'cancelMeasure' });
    await router.dispatch({ type: 'pause' });
    expect(seen).toEqual(['run:resume', 'tables:cancelMeasure', 'run:pause']);
  });

  it('refuses a second handler for a type and names a command nobody handles', async () => {
    const router = new Router();
    router.on(['stop'], () => undefined);
    expect(() => router.on(['stop'], () => undefined)).toThrow("two handlers for the command 'stop'");
    await expect(router.dispatch({ type: 'step' } as Command)).rejects.toThrow("no handler for the command 'step'");
  });
});

describe('the one store', () => {
  it('holds every feature slice, and a feature update leaves the other slices as they were', () => {
    const before = useStudio.getState();
    expect(before.datasets.loading).toBeNull();
    expect(before.tableTools.made).toEqual([]);
    expect(before.afterSearch.retrains).toEqual([]);
    expect(before.recovery.runs).toEqual([]);
    expect(before.status).toBe('idle');
    useDatasets.setState({ storageProblem: 'quota exceeded' });
    useTableTools.setState((t) => ({ fitRequest: t.fitRequest + 1 }));
    const after = useStudio.getState();
    expect(after.datasets).toEqual({ ...before.datasets, storageProblem: 'quota exceeded' });
    expect(after.tableTools).toEqual({ ...before.tableTools, fitRequest: before.tableTools.fitRequest + 1 });
    expect(after.afterSearch).toBe(before.afterSearch);
    expect(after.recovery).toBe(before.recovery);
    expect(after.rows).toBe(before.rows);
  });
});
