import type { PreviewGrid } from '../../engine/data/info';
import type { DatasetSummary } from './protocol';
import type { SavedDataset } from './library';

export interface DatasetLoad {
  requestId: number;
  label: string;
  fraction: number;
  what: string;
}

export interface DatasetFailure {
  name: string;
  message: string;
}

/** The dataset panel's state: kept apart from the run's store, which a new search resets. */
export interface DatasetState {
  active: DatasetSummary | null;
  preview: PreviewGrid | null;
  loading: DatasetLoad | null;
  failure: DatasetFailure | null;
  saved: SavedDataset[];
  /** The saved storage could not be used (private window, quota): uploads still work for this visit. */
  storageProblem: string | null;
}

/** The datasets' part of the one store. */
export interface DatasetsSlice {
  datasets: DatasetState;
}

export const createDatasetsSlice = (): DatasetsSlice => ({
  datasets: { active: null, preview: null, loading: null, failure: null, saved: [], storageProblem: null },
});
