import { create } from 'zustand';
import type { PreviewGrid } from '../../engine/data/info';
import type { DatasetMessage, DatasetSummary } from './protocol';
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

export const useDatasets = create<DatasetState>()(() => ({
  active: null,
  preview: null,
  loading: null,
  failure: null,
  saved: [],
  storageProblem: null,
}));

type Listener = (m: Extract<DatasetMessage, { type: 'dataset' | 'datasetError' }>) => void;
const settled = new Map<number, Listener>();

/** Called once the worker answers `requestId` (decoded or refused). */
export function onDatasetSettled(requestId: number, listener: Listener): void {
  settled.set(requestId, listener);
}

export function receiveDataset(m: DatasetMessage): void {
  const s = useDatasets.getState();
  // Answers to a superseded upload are dropped; -1 is the active dataset re-sampled at a start.
  const current = m.requestId === -1 || m.requestId === s.loading?.requestId;
  switch (m.type) {
    case 'datasetProgress':
      if (current) useDatasets.setState({ loading: { ...s.loading!, fraction: m.fraction, what: m.what } });
      return;
    case 'dataset':
      if (m.requestId === -1) return useDatasets.setState({ active: m.summary });
      if (!current) break;
      useDatasets.setState({ active: m.summary, preview: m.preview, loading: null, failure: null });
      break;
    case 'datasetError':
      if (!current) break;
      useDatasets.setState({ loading: null, failure: { name: m.name, message: m.message } });
      break;
  }
  const listener = settled.get(m.requestId);
  settled.delete(m.requestId);
  if (current) listener?.(m);
}
