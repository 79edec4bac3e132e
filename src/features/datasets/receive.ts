import { useDatasets } from '../../app/store';
import type { DatasetMessage } from './protocol';

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
