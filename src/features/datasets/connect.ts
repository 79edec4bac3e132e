import { onMessages } from '../../app/transport';
import { isDatasetMessage } from './protocol';
import { receiveDataset } from './receive';

/** Registers the datasets' worker messages with the transport. */
export function connectDatasets(): void {
  onMessages(isDatasetMessage, receiveDataset);
}
