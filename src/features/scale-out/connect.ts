import type { ScaleOutMessage, WorkerMessage } from '../../app/protocol';
import { onMessages } from '../../app/transport';
import { receivePackage } from './actions';

/** Registers the package's answers with the transport. */
export function connectScaleOut(): void {
  onMessages((m: WorkerMessage): m is ScaleOutMessage => m.type === 'searchPackage' || m.type === 'searchPackageError', receivePackage);
}
