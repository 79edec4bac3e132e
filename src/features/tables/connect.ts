import { foldMessages, onMessages } from '../../app/transport';
import { isLutMessage } from './protocol';
import { isTableMessage, reduceTableMessages } from './reduce';
import { receiveLut, watchBackendRestart } from './tool-actions';

/** Registers the tables' worker messages with the transport. */
export function connectTables(): void {
  foldMessages(isTableMessage, reduceTableMessages);
  onMessages(isLutMessage, receiveLut);
  watchBackendRestart();
}
