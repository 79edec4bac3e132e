import type { RunStatus } from '../../app/protocol';

/** A search holds the worker: from loading until it has stopped (config, data and backend are locked). */
export function searchActive(status: RunStatus): boolean {
  return status === 'loading' || status === 'running' || status === 'paused' || status === 'stopping';
}
