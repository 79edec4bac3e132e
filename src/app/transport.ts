/**
 * The page's end of the worker: starts and restarts it, sends commands, and hands each message
 * to the feature that registered for it. It knows no feature: features register here.
 */
import { commitDelay } from './commit-pace';
import { notify } from './notices';
import type { Command, WorkerMessage } from './protocol';
import { useStudio, type StudioState } from './store';

type Accepts<M extends WorkerMessage> = (m: WorkerMessage) => m is M;

/** Sees every message first; returns true for one it consumes. */
const taps: ((m: WorkerMessage) => boolean)[] = [];
/** Handled on arrival (each feature paces its own store updates). */
const handlers: { accepts: (m: WorkerMessage) => boolean; receive: (m: never) => void }[] = [];
/** Queued, then folded into the store in arrival order, one commit per frame (or per STEP_COMMIT_MS for steps). */
const reducers: { accepts: (m: WorkerMessage) => boolean; reduce: (s: StudioState, msgs: never[]) => StudioState }[] = [];
const failureListeners: ((message: string) => void)[] = [];

export function tapMessages(tap: (m: WorkerMessage) => boolean): void {
  taps.push(tap);
}

export function onMessages<M extends WorkerMessage>(accepts: Accepts<M>, receive: (m: M) => void): void {
  handlers.push({ accepts, receive });
}

export function foldMessages<M extends WorkerMessage>(accepts: Accepts<M>, reduce: (s: StudioState, msgs: M[]) => StudioState): void {
  reducers.push({ accepts, reduce });
}

/** The worker died or sent a message that could not be read: it is in an unknown state. */
export function onWorkerFailure(listener: (message: string) => void): void {
  failureListeners.push(listener);
}

let worker: Worker | null = null;
let queue: WorkerMessage[] = [];
let frame = 0;
let timer = 0;
let scheduled: 'frame' | 'later' | null = null;
let lastFlush = -Infinity;

/** Consecutive messages of one reducer are folded together, in arrival order. */
function fold(s: StudioState, batch: readonly WorkerMessage[]): StudioState {
  let next = s;
  for (let i = 0; i < batch.length; ) {
    const r = reducers.find((x) => x.accepts(batch[i]))!;
    let j = i + 1;
    while (j < batch.length && r.accepts(batch[j])) j++;
    next = r.reduce(next, batch.slice(i, j) as never[]);
    i = j;
  }
  return next;
}

function flush(): void {
  cancelAnimationFrame(frame);
  clearTimeout(timer);
  scheduled = null;
  lastFlush = performance.now();
  const batch = queue;
  queue = [];
  if (batch.length) useStudio.setState((s) => fold(s, batch));
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
  for (const tap of taps) if (tap(msg)) return;
  const handler = handlers.find((h) => h.accepts(msg));
  if (handler) return handler.receive(msg as never);
  if (!reducers.some((r) => r.accepts(msg))) return;
  queue.push(msg);
  schedule(msg);
}

function failed(message: string): void {
  for (const listener of failureListeners) listener(message);
}

export function startWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../../workers/search.worker.ts', import.meta.url), { type: 'module', name: 'fbnet-search' });
  worker.onmessage = (e: MessageEvent<WorkerMessage>) => receive(e.data);
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    notify('error', `search worker failed: ${e.message || 'unknown error (see the console)'}`);
    // The worker is in an unknown state: recovery restarts it and continues from the last checkpoint.
    failed(e.message || 'unknown error');
  };
  worker.onmessageerror = () => {
    notify('error', 'a message from the search worker could not be read');
    failed('a message could not be read');
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
