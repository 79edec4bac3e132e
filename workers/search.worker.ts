/// <reference lib="webworker" />
/**
 * The search runs here, never on the page: this worker owns tfjs and answers the commands of
 * src/protocol.ts. Everything it does is in ./session.
 */
import type { Command, WorkerMessage } from '../src/app/protocol';
import { isLutCommand } from '../src/features/tables/protocol';
import { isRetrainCommand } from '../src/features/after-search/protocol';
import { AfterSearchJobs } from '../src/features/after-search/worker/jobs';
import { errorMessage } from './assets';
import { LutTools } from '../src/features/tables/worker/lut-tools';
import { Session } from '../src/features/search/worker/session';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: WorkerMessage) => self.postMessage(m);
const session = new Session(post);
const jobs = new AfterSearchJobs(session, post);
const lut = new LutTools(post, {
  ready: () => session.backendReady(),
  space: (config) => session.resolveSpace(config),
  activeTable: () => session.activeTable(),
  searching: () => session.searchActive,
});
const otherBlocker = session.startBlocker;
session.startBlocker = () => (lut.busyMeasuring ? 'a latency measurement is running; cancel it or let it finish first' : otherBlocker());

// Commands run in arrival order; a long one (start) keeps running while later ones are handled.
self.onmessage = (e: MessageEvent<Command>) => {
  (isLutCommand(e.data) ? lut.handle(e.data) : isRetrainCommand(e.data) ? jobs.handle(e.data) : session.handle(e.data)).catch((err: unknown) => post({ type: 'error', message: `${e.data.type}: ${errorMessage(err)}` }));
};

self.addEventListener('unhandledrejection', (e) => {
  post({ type: 'error', message: `worker: ${errorMessage(e.reason)}` });
});
self.addEventListener('error', (e) => {
  post({ type: 'error', message: `worker: ${e.message}` });
});
