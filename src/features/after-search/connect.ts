import { onMessages } from '../../app/transport';
import { addStartBlocker } from '../search/actions';
import { afterSearchBusy } from './actions';
import { isRetrainMessage } from './protocol';
import { receiveAfterSearch } from './receive';

/** Registers the after-search worker messages, and keeps a search from starting while a retrain or study runs. */
export function connectAfterSearch(): void {
  onMessages(isRetrainMessage, (m) => receiveAfterSearch([m]));
  addStartBlocker(afterSearchBusy);
}
