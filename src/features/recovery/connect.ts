import type { WorkerMessage } from '../../app/protocol';
import { foldMessages, onWorkerFailure, tapMessages } from '../../app/transport';
import { restartAfterFailure, tapRecovery } from './actions';
import { foldRestored } from './restore-reduce';

/** Registers recovery with the transport: it sees every message first, and hears of a failed worker. */
export function connectRecovery(): void {
  tapMessages(tapRecovery);
  foldMessages(
    (m): m is Extract<WorkerMessage, { type: 'restored' }> => m.type === 'restored',
    (s, msgs) => msgs.reduce(foldRestored, s),
  );
  onWorkerFailure(restartAfterFailure);
}
