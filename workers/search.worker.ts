/// <reference lib="webworker" />
/**
 * The search runs here, never on the page: this worker owns tfjs and answers the commands of the
 * one protocol (src/app/protocol.ts). The host holds what the features share (backend, table,
 * data); each feature's worker module registers its commands with the router.
 */
import type { Command, WorkerMessage } from '../src/app/protocol';
import { errorMessage } from '../src/engine/errors';
import { registerAfterSearch } from '../src/features/after-search/worker/register';
import { registerDatasets } from '../src/features/datasets/worker/register';
import { registerRecovery } from '../src/features/recovery/worker/register';
import { registerScaleOut } from '../src/features/scale-out/worker/register';
import { registerSearch } from '../src/features/search/worker/register';
import { registerTables } from '../src/features/tables/worker/register';
import { WorkerHost } from './host';
import { Router } from './router';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: WorkerMessage) => self.postMessage(m);
const host = new WorkerHost(post);
const router = new Router();
router.on(['init'], (cmd) => host.init(cmd));
const run = registerSearch(router, host);
// Start blockers are asked in registration order: a measurement first, then a study or a retrain.
registerTables(router, host);
registerDatasets(router, host);
registerAfterSearch(router, host);
registerRecovery(router, host, (checkpoint, continueRun) => run.restore(checkpoint, continueRun));
registerScaleOut(router, host);

// Commands run in arrival order; a long one (start) keeps running while later ones are handled.
self.onmessage = (e: MessageEvent<Command>) => {
  router.dispatch(e.data).catch((err: unknown) => post({ type: 'error', message: `${e.data.type}: ${errorMessage(err)}` }));
};

self.addEventListener('unhandledrejection', (e) => {
  post({ type: 'error', message: `worker: ${errorMessage(e.reason)}` });
});
self.addEventListener('error', (e) => {
  post({ type: 'error', message: `worker: ${e.message}` });
});
