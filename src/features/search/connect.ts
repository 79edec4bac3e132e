import type { WorkerMessage } from '../../app/protocol';
import { foldMessages, onMessages } from '../../app/transport';
import { saveResult } from './actions';
import { isRunMessage, reduceMessages } from './reduce';

/** Registers the search's worker messages with the transport. */
export function connectSearch(): void {
  foldMessages(isRunMessage, (s, msgs) => ({ ...s, ...reduceMessages(s, msgs) }));
  onMessages(
    (m: WorkerMessage): m is Extract<WorkerMessage, { type: 'liveResult' }> => m.type === 'liveResult',
    (m) => saveResult(m.result),
  );
}
