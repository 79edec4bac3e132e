/** The dataset part of the page ↔ worker protocol (joined into src/app/protocol.ts). */
import type { PreviewGrid } from '../../engine/data/info';
import type { SearchConfigInput } from '../../engine/schemas';

/** One uploaded file; the bytes are transferred to the worker, not copied. */
export interface DatasetFile {
  /** Path relative to the picked folder for folder uploads, so class folders survive. */
  name: string;
  bytes: ArrayBuffer;
}

export type DatasetSource = { kind: 'bundled' } | { kind: 'files'; id: string; label: string; files: DatasetFile[] };

export type DatasetCommand =
  /** Decode and check a dataset; it becomes the active one only if that succeeds. */
  { type: 'loadDataset'; requestId: number; source: DatasetSource; config: SearchConfigInput };

export interface DatasetSummary {
  /** The saved upload's id; null for the bundled Fashion-MNIST. */
  id: string | null;
  name: string;
  format: string;
  native: { size: number; channels: number; numClasses: number };
  classNames: string[];
  /** Images in the files: test is null when the format has no test part. */
  available: { train: number; test: number | null };
  /** The subsample the search uses, per class. */
  trainCounts: number[];
  testCounts: number[];
  /** The test images were held out of the training part. */
  heldOut: boolean;
  note?: string;
  /** What the search space became for this data under the current config. */
  space: { inputSize: number; inputChannels: number; numClasses: number };
}

export type DatasetMessage =
  | { type: 'datasetProgress'; requestId: number; fraction: number; what: string }
  /** requestId -1: the active dataset re-sampled for a search start (counts may change). */
  | { type: 'dataset'; requestId: number; summary: DatasetSummary; preview: PreviewGrid | null }
  | { type: 'datasetError'; requestId: number; name: string; message: string };

export const isDatasetMessage = (m: { type: string }): m is DatasetMessage =>
  m.type === 'datasetProgress' || m.type === 'dataset' || m.type === 'datasetError';
