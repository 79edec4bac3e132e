/**
 * Never lose a search: every checkpoint the worker posts is saved; a lost GPU device, a crashed
 * worker or a step that fails moves the search to the next backend from its last checkpoint;
 * after a reload the last unfinished run is offered for resuming.
 */
import type { Checkpoint } from '../../engine/search/checkpoint';
import { parseCheckpointText, MAX_CHECKPOINT_BYTES } from '../../engine/search/checkpoint';
import { assetPaths as assets } from '../../app/assets';
import { notify } from '../../app/notices';
import type { BackendName, FaultKind, WorkerMessage } from '../../app/protocol';
import { useRecovery, useStudio } from '../../app/store';
import { send, startWorker, stopWorker } from '../../app/transport';
import { errorMessage } from '../../engine/errors';
import { logEntry, type LogEntry } from '../search/slice';
import { searchActive } from '../search/status';
import type { Snapshot } from '../search/history';
import {
  deleteRun,
  isUnfinished,
  listRuns,
  loadCheckpoint,
  loadReplay,
  saveReplay,
  saveRun,
  summarize,
  thinSnapshots,
  updateRun,
  type SavedRun,
} from './run-library';

/** The newest checkpoint of the current run, kept in memory so a recovery needs no storage read. */
let latest: Checkpoint | null = null;
let restoringId: string | null = null;
const MAX_RECOVERIES_PER_MINUTE = 3;
let recent: number[] = [];
/** Seen here first: the store learns it a frame later. */
let activeBackend: string | null = null;
/** Why the worker is being restarted; announced once the restored search reports back. */
let pendingRecovery: { from: string; why: string } | null = null;
/** The replay to put back once the restored search reports in ('started' clears the charts). */
let pendingReplay: Snapshot[] | null = null;

// Read once at load: the studio rewrites its URL from the config right after.
const TEST_HOOKS = new URLSearchParams(location.search).get('testHooks') === '1';
export const testHooksEnabled = () => TEST_HOOKS;

/** Storage writes in arrival order: a run's state change must land after the checkpoint it refers to. */
let writes: Promise<unknown> = Promise.resolve();
function queued(fn: () => Promise<void>): Promise<void> {
  const next = writes.then(fn, fn);
  writes = next.catch(() => undefined);
  return next;
}

function log(kind: LogEntry['kind'], text: string): void {
  useStudio.setState((s) => ({ log: [...s.log, logEntry(s.rows.at(-1)?.step ?? 0, kind, text, false)] }));
}

async function refreshRuns(): Promise<void> {
  try {
    useRecovery.setState({ runs: await listRuns(), storageError: null });
  } catch (err) {
    useRecovery.setState({ storageError: `saved runs are unavailable: ${errorMessage(err)}` });
  }
}

export async function initRecovery(): Promise<void> {
  await refreshRuns();
  const offer = useRecovery.getState().runs.find(isUnfinished) ?? null;
  useRecovery.setState({ offer });
}

async function save(cp: Checkpoint, reason: SavedRun['reason']): Promise<void> {
  const { runId } = useRecovery.getState();
  if (!runId) return;
  latest = cp;
  const existing = useRecovery.getState().runs.find((r) => r.id === runId);
  const bytes = cp.variables.reduce((n, v) => n + v.data.length, 0);
  const meta: SavedRun = {
    id: runId,
    createdAt: existing?.createdAt ?? Date.now(),
    savedAt: Date.now(),
    step: cp.position.step,
    lastStep: cp.position.step,
    totalSteps: cp.position.totalSteps,
    epoch: cp.position.epoch,
    reason,
    state: reason === 'pause' ? 'paused' : 'active',
    tableName: cp.table.name,
    summary: summarize(cp),
    bytes,
  };
  useRecovery.setState({ lastSaved: { step: meta.step, reason } });
  const replay = thinSnapshots(useStudio.getState().snapshots, cp.position.step);
  try {
    await saveRun(meta, cp);
    await saveReplay(runId, replay);
    await refreshRuns();
  } catch (err) {
    useRecovery.setState({ storageError: `the checkpoint of step ${meta.step} could not be saved: ${errorMessage(err)}` });
  }
}

async function markRun(state: SavedRun['state'], lastStep?: number): Promise<void> {
  const { runId } = useRecovery.getState();
  if (!runId) return;
  try {
    await updateRun(runId, lastStep == null ? { state } : { state, lastStep });
    await refreshRuns();
  } catch {
    // The list shows the storage error from the last save, if any.
  }
}

/**
 * Sees every worker message before the studio's reducer; returns true for the ones it consumes
 * (checkpoints and backend faults), false for the ones it only watches.
 */
export function tapRecovery(msg: WorkerMessage): boolean {
  switch (msg.type) {
    case 'checkpoint':
      void queued(() => save(msg.checkpoint, msg.reason));
      return true;
    case 'backendLost':
      void recover(msg.backend, msg.message, msg.resume);
      return true;
    case 'started':
      if (restoringId) useRecovery.setState({ runId: restoringId });
      else {
        latest = null;
        useRecovery.setState({ runId: `run-${Date.now().toString(36)}`, lastSaved: null, offer: null });
      }
      restoringId = null;
      useRecovery.setState({ divergence: null });
      return false;
    case 'backend':
      activeBackend = msg.active;
      return false;
    case 'restored':
      if (pendingRecovery) {
        const backend = activeBackend ?? 'the next backend';
        const text = `${pendingRecovery.why}. The search continues on ${backend} from the checkpoint of step ${msg.step}.`;
        notify('warn', text);
        msg.note = text;
        pendingRecovery = null;
      }
      useRecovery.setState({ recovering: null });
      if (pendingReplay) msg.snapshots = pendingReplay;
      pendingReplay = null;
      return false;
    case 'events':
      for (const e of msg.events) {
        if (e.type === 'paused' && e.reason === 'diverged') {
          const keptStep = useRecovery.getState().lastSaved?.step ?? null;
          useRecovery.setState({ divergence: { step: e.step, message: e.message ?? 'the loss became non-finite', keptStep } });
          void queued(() => markRun('diverged'));
        } else if (e.type === 'step' && useRecovery.getState().divergence) {
          useRecovery.setState({ divergence: null });
        } else if (e.type === 'done') {
          void queued(() => markRun(e.stopped ? 'stopped' : 'finished', e.step));
        }
      }
      return false;
    case 'status':
      followStatus(msg.status);
      return false;
    default:
      return false;
  }
}

/**
 * A run resumed after a pause is active again, and one paused after a Step (no checkpoint) is
 * paused: the saved state follows the search, not only its last checkpoint. The step goes with it.
 */
function followStatus(status: string): void {
  const { runId, runs, divergence } = useRecovery.getState();
  const saved = runs.find((r) => r.id === runId);
  if (!saved || divergence) return;
  const lastStep = useStudio.getState().rows.at(-1)?.step;
  if (status === 'running' && saved.state === 'paused') void queued(() => markRun('active'));
  else if (status === 'paused' && saved.state === 'active') void queued(() => markRun('paused', lastStep));
}

/** The worker died or its backend did: restart it without that backend and continue from the last checkpoint. */
export async function recover(failed: string | null, why: string, resume?: boolean): Promise<void> {
  if (useRecovery.getState().recovering) return;
  const studio = useStudio.getState();
  // A worker that dies as it starts would otherwise be restarted for ever.
  const now = Date.now();
  recent = [...recent.filter((t) => now - t < 60_000), now];
  if (recent.length > MAX_RECOVERIES_PER_MINUTE) {
    notify('error', `${why}. The search worker failed ${recent.length} times within a minute; giving up — reload the page to try again.`);
    useStudio.setState({ status: 'error', statusMessage: why });
    return;
  }
  const backend = (failed ?? activeBackend ?? studio.backend?.active ?? null) as BackendName | null;
  const excluded =
    backend && !useRecovery.getState().excluded.includes(backend)
      ? [...useRecovery.getState().excluded, backend]
      : useRecovery.getState().excluded;
  const searching = searchActive(studio.status);
  const reason = `${why}${backend ? ` (on ${backend})` : ''}`;
  useRecovery.setState({ recovering: reason, excluded });
  log('error', reason);
  stopWorker();
  startWorker();
  send({ type: 'init', backend: studio.backendChoice, assets: assets(), exclude: excluded });
  if (studio.table?.source === 'bundled')
    send({ type: 'loadTable', requestId: 0, source: { kind: 'bundled', id: studio.tableId }, config: studio.run?.config ?? {} });
  let cp = latest;
  const id = useRecovery.getState().runId;
  if (!cp && id) cp = (await loadCheckpoint(id).catch(() => undefined)) ?? null;
  if (!searching || !cp) {
    notify(
      'warn',
      `${reason}. The worker was restarted${excluded.length ? ` without ${excluded.join(', ')}` : ''}${searching ? '; no checkpoint was saved yet, start the search again' : ''}.`,
    );
    useRecovery.setState({ recovering: null });
    if (searching) useStudio.setState({ status: 'idle', statusMessage: null });
    return;
  }
  pendingRecovery = { from: backend ?? 'unknown', why: reason };
  pendingReplay = studio.snapshots;
  restoringId = id;
  useStudio.setState({ status: 'loading', statusMessage: `recovering from step ${cp.position.step}` });
  send({ type: 'restore', checkpoint: cp, run: resume ?? studio.status !== 'paused' });
}

/** A worker 'error' or 'messageerror' event: the worker is in an unknown state. */
export function restartAfterFailure(message: string): void {
  void recover(null, `the search worker failed: ${message}`);
}

export async function resumeRun(id: string): Promise<void> {
  const s = useStudio.getState();
  if (searchActive(s.status)) return notify('warn', 'Stop the current search before resuming a saved one');
  const cp = await loadCheckpoint(id).catch(() => undefined);
  if (!cp) return notify('error', 'That saved run has no checkpoint any more');
  latest = cp;
  restoringId = id;
  pendingReplay = (await loadReplay(id).catch(() => undefined)) ?? null;
  useRecovery.setState({ offer: null, divergence: null, lastSaved: { step: cp.position.step, reason: 'resume' } });
  useStudio.setState({ status: 'loading', statusMessage: `resuming from step ${cp.position.step}` });
  send({ type: 'restore', checkpoint: cp, run: true });
}

export const dismissOffer = () => useRecovery.setState({ offer: null });

export async function removeRun(id: string): Promise<void> {
  await deleteRun(id);
  if (useRecovery.getState().offer?.id === id) useRecovery.setState({ offer: null });
  await refreshRuns();
}

/** The checkpoint as a JSON file (the import below reads it back). */
export async function exportRun(id: string): Promise<{ name: string; text: string } | null> {
  const cp = await loadCheckpoint(id);
  if (!cp) {
    notify('error', 'That saved run has no checkpoint any more');
    return null;
  }
  return { name: `fbnet-checkpoint-step${cp.position.step}.json`, text: JSON.stringify(cp) };
}

export async function importRun(file: File): Promise<string | null> {
  try {
    if (file.size > MAX_CHECKPOINT_BYTES)
      throw new Error(
        `${file.name} is ${(file.size / 1048576).toFixed(0)} MB; a checkpoint may be at most ${MAX_CHECKPOINT_BYTES / 1048576} MB`,
      );
    const cp = parseCheckpointText(await file.text(), file.name, file.size);
    const id = `import-${Date.now().toString(36)}`;
    await saveRun(
      {
        id,
        createdAt: Date.now(),
        savedAt: Date.now(),
        step: cp.position.step,
        totalSteps: cp.position.totalSteps,
        epoch: cp.position.epoch,
        reason: 'import',
        state: cp.position.step >= cp.position.totalSteps ? 'finished' : 'paused',
        tableName: cp.table.name,
        summary: summarize(cp),
        bytes: cp.variables.reduce((n, v) => n + v.data.length, 0),
      },
      cp,
    );
    await refreshRuns();
    notify('info', `Imported ${file.name}: step ${cp.position.step} of ${cp.position.totalSteps}`);
    return null;
  } catch (err) {
    const message = errorMessage(err);
    notify('error', `Import refused: ${message}`);
    return message;
  }
}

export function simulateFault(fault: FaultKind): void {
  if (testHooksEnabled()) send({ type: 'simulateFault', fault });
}
