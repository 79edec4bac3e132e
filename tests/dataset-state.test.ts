import { beforeEach, describe, expect, it } from 'vitest';
import { onDatasetSettled, receiveDataset } from '../src/features/datasets/receive';
import { useDatasets } from '../src/app/store';
import type { DatasetSummary } from '../src/features/datasets/protocol';

const summary = (name: string, trainCounts = [2, 2]): DatasetSummary => ({
  id: name === 'fashion-mnist' ? null : name,
  name,
  format: 'idx',
  native: { size: 8, channels: 1, numClasses: 2 },
  classNames: ['a', 'b'],
  available: { train: 4, test: 2 },
  trainCounts,
  testCounts: [1, 1],
  heldOut: false,
  space: { inputSize: 8, inputChannels: 1, numClasses: 2 },
});

const loading = (requestId: number) => ({ requestId, label: `upload ${requestId}`, fraction: 0, what: 'reading' });

describe('dataset panel state', () => {
  beforeEach(() => {
    useDatasets.setState({
      active: summary('fashion-mnist'),
      preview: null,
      loading: null,
      failure: null,
      saved: [],
      storageProblem: null,
    });
  });

  it('a refused upload shows its message and keeps the active dataset', () => {
    useDatasets.setState({ loading: loading(3) });
    receiveDataset({ type: 'datasetProgress', requestId: 3, fraction: 0.5, what: 'prepared training 4 images' });
    expect(useDatasets.getState().loading?.fraction).toBe(0.5);
    receiveDataset({ type: 'datasetError', requestId: 3, name: 'bad.zip', message: 'pets/fish/: class folder has no images' });
    const s = useDatasets.getState();
    expect(s.failure).toEqual({ name: 'bad.zip', message: 'pets/fish/: class folder has no images' });
    expect(s.active?.name).toBe('fashion-mnist');
    expect(s.loading).toBeNull();
  });

  it('answers to a superseded upload change nothing and call no listener', () => {
    useDatasets.setState({ loading: loading(5) });
    let called = 0;
    onDatasetSettled(4, () => called++);
    receiveDataset({ type: 'dataset', requestId: 4, summary: summary('old'), preview: null });
    receiveDataset({ type: 'datasetProgress', requestId: 4, fraction: 0.9, what: 'x' });
    expect(useDatasets.getState().active?.name).toBe('fashion-mnist');
    expect(useDatasets.getState().loading?.fraction).toBe(0);
    expect(called).toBe(0);
    receiveDataset({ type: 'dataset', requestId: 5, summary: summary('new'), preview: null });
    expect(useDatasets.getState().active?.name).toBe('new');
    expect(useDatasets.getState().loading).toBeNull();
  });

  it('the re-sample at a search start updates the counts without touching an upload in flight', () => {
    useDatasets.setState({ loading: loading(7) });
    receiveDataset({ type: 'dataset', requestId: -1, summary: summary('fashion-mnist', [5, 6]), preview: null });
    expect(useDatasets.getState().active?.trainCounts).toEqual([5, 6]);
    expect(useDatasets.getState().loading?.requestId).toBe(7);
  });
});
