import { foldMessages } from '../../app/transport';
import { isRunMessage, reduceMessages } from './reduce';

/** Registers the search's worker messages with the transport. */
export function connectSearch(): void {
  foldMessages(isRunMessage, (s, msgs) => ({ ...s, ...reduceMessages(s, msgs) }));
}
