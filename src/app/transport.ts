import type { Command, WorkerMessage } from './protocol';
import { isDatasetMessage } from '../features/datasets/protocol';
import { receiveDataset } from '../features/datasets/slice';
import { isLutMessage } from '../features/tables/protocol';
import { receiveLut } from '../features/tables/actions';
import { isRetrainMessage } from '../features/after-search/protocol';
import { receiveAfterSearch } from '../features/after-search/receive';
import { reduceMessages } from '../features/search/reduce';
import { onWorkerFailure, tapRecovery } from '../features/recovery/actions';
import { notify, useStudio } from '../features/search/slice';
import { commitDelay } from './commit-pace';

let worker: Worker | null = null;
let queue: WorkerMessage[] = [];
let frame = 0;
let timer = 0;
let scheduled: 'frame' | 'later' | null = null;
let lastFlush = -Infinity;

function flush(): void {
  cancelAnimationFrame(frame);
  clearTimeout(timer);
  scheduled = null;
  lastFlush = performance.now();
  const batch = queue;
  queue = [];
  if (batch.length) useStudio.setState((s) => reduceMessages(s, batch));
}

function schedule(msg: WorkerMessage): void {
  const wait = commitDelay(msg, performance.now() - lastFlush);
  if (wait > 0) {
    if (scheduled) return;
    scheduled = 'later';
    timer = window.setTimeout(flush, wait);
    return;
  }
  if (scheduled === 'frame') return;
  clearTimeout(timer);
  scheduled = 'frame';
  frame = requestAnimationFrame(flush);
  // Background tabs pause rAF; the timeout keeps the state current there too.
  timer = window.setTimeout(flush, 250);
}

function receive(msg: WorkerMessage): void {
  if (tapRecovery(msg)) return;
  if (isLutMessage(msg)) return receiveLut(msg);
  if (isRetrainMessage(msg)) return receiveAfterSearch([msg]);
  if (isDatasetMessage(msg)) return receiveDataset(msg);
  queue.push(msg);
  schedule(msg);
}

export function startWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../../workers/search.worker.ts', import.meta.url), { type: 'module', name: 'fbnet-search' });
  worker.onmessage = (e: MessageEvent<WorkerMessage>) => receive(e.data);
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    notify('error', `search worker failed: ${e.message || 'unknown error (see the console)'}`);
    // The worker is in an unknown state: recovery restarts it and continues from the last checkpoint.
    onWorkerFailure(e.message || 'unknown error');
  };
  worker.onmessageerror = () => {
    notify('error', 'a message from the search worker could not be read');
    onWorkerFailure('a message could not be read');
  };
  return worker;
}

/** `transfer` hands buffers (uploaded files) to the worker instead of copying them. */
export function send(cmd: Command, transfer: Transferable[] = []): void {
  if (!worker) startWorker();
  worker!.postMessage(cmd, transfer);
}

export function stopWorker(): void {
  worker?.terminate();
  worker = null;
}
