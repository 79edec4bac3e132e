/// <reference lib="webworker" />
/**
 * The search runs here, never on the page: this worker owns tfjs and answers the commands of
 * src/protocol.ts. Everything it does is in ./session.
 */
import type { Command, WorkerMessage } from '../src/protocol';
import { errorMessage } from './assets';
import { Session } from './session';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: WorkerMessage) => self.postMessage(m);
const session = new Session(post);

// Commands run in arrival order; a long one (start) keeps running while later ones are handled.
self.onmessage = (e: MessageEvent<Command>) => {
  session.handle(e.data).catch((err: unknown) => post({ type: 'error', message: `${e.data.type}: ${errorMessage(err)}` }));
};

self.addEventListener('unhandledrejection', (e) => {
  post({ type: 'error', message: `worker: ${errorMessage(e.reason)}` });
});
self.addEventListener('error', (e) => {
  post({ type: 'error', message: `worker: ${e.message}` });
});
