/**
 * The one store of the studio, composed from the features' slices. A feature owns its keys (the
 * search its run, the tables their active table and `tableTools`, the others one key each) and
 * changes them only through its own actions and reducers.
 */
import { create } from 'zustand';
import { createAfterSearchSlice, type AfterSearchSlice } from '../features/after-search/slice';
import { createDatasetsSlice, type DatasetsSlice } from '../features/datasets/slice';
import { createRecoverySlice, type RecoverySlice } from '../features/recovery/slice';
import { createScaleOutSlice, type ScaleOutSlice } from '../features/scale-out/slice';
import { createSearchSlice, type SearchSlice } from '../features/search/slice';
import { createTablesSlice, type TablesSlice } from '../features/tables/slice';

export interface Notice {
  id: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

export interface NoticesSlice {
  notices: Notice[];
}

export type StudioState = SearchSlice & TablesSlice & DatasetsSlice & AfterSearchSlice & RecoverySlice & ScaleOutSlice & NoticesSlice;

export const useStudio = create<StudioState>()(() => ({
  ...createSearchSlice(),
  ...createTablesSlice(),
  ...createDatasetsSlice(),
  ...createAfterSearchSlice(),
  ...createRecoverySlice(),
  ...createScaleOutSlice(),
  notices: [],
}));

type Nested = 'datasets' | 'tableTools' | 'afterSearch' | 'recovery' | 'scaleOut';

/** A hook, getState and setState scoped to one feature's key of the store. */
function scoped<K extends Nested>(key: K) {
  type S = StudioState[K];
  function use(): S;
  function use<T>(select: (s: S) => T): T;
  function use<T>(select?: (s: S) => T): T | S {
    return useStudio((s) => (select ? select(s[key]) : s[key]));
  }
  return Object.assign(use, {
    getState: (): S => useStudio.getState()[key],
    setState: (p: Partial<S> | ((s: S) => Partial<S>)): void =>
      useStudio.setState((s) => ({ [key]: { ...s[key], ...(typeof p === 'function' ? p(s[key]) : p) } }) as Partial<StudioState>),
  });
}

export const useDatasets = scoped('datasets');
export const useTableTools = scoped('tableTools');
export const useAfterSearch = scoped('afterSearch');
export const useRecovery = scoped('recovery');
export const useScaleOut = scoped('scaleOut');
