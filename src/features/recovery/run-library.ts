/**
 * Saved searches in IndexedDB: a small record per run (listed at load) and its latest checkpoint
 * (read only to resume or export). A diverged pause never writes, so the last good state stays.
 */
import { createStore, del, get, set, values } from 'idb-keyval';
import type { Checkpoint } from '../../engine/search/checkpoint';
import type { CheckpointReason } from '../../app/protocol';
import type { Snapshot } from '../search/history';

/** `stopped`: ended by the user before its last step (it can still continue from its checkpoint). */
export type RunState = 'active' | 'paused' | 'diverged' | 'stopped' | 'finished';

export interface SavedRun {
  id: string;
  createdAt: number;
  savedAt: number;
  /** The step of the saved checkpoint: where the run continues from. */
  step: number;
  /** The last step the run took (its checkpoint may be older); absent in records saved before it was kept. */
  lastStep?: number;
  totalSteps: number;
  epoch: number;
  reason: CheckpointReason | 'import';
  state: RunState;
  tableName: string;
  /** Layout, width, input size: enough to tell runs apart in the list. */
  summary: string;
  bytes: number;
}

const metaStore = () => createStore('fbnet-studio-runs', 'runs');
const dataStore = () => createStore('fbnet-studio-checkpoints', 'checkpoints');

export function summarize(cp: Checkpoint): string {
  const c = cp.config;
  const layout = typeof c.space === 'string' ? c.space : 'custom space';
  return `${layout} ${cp.space.inputSize}px, width ${c.widthMultiplier}, ${c.epochs} epochs, seed ${c.seed}`;
}

/** The list's words for a run: how far it got, and where it would continue from when that is earlier. */
export function describeRun(r: Pick<SavedRun, 'step' | 'lastStep' | 'totalSteps' | 'state'>): {
  progress: string;
  resumesFrom: string | null;
} {
  const last = Math.max(r.lastStep ?? r.step, r.step);
  const resumable = r.state !== 'finished' && last > r.step;
  return { progress: `step ${last}/${r.totalSteps}`, resumesFrom: resumable ? `continues from step ${r.step}` : null };
}

/** Runs worth offering to continue after a reload: not ended on purpose or by finishing. */
export const isUnfinished = (r: SavedRun) => r.state !== 'finished' && r.state !== 'stopped';

export async function listRuns(): Promise<SavedRun[]> {
  const all = await values<SavedRun>(metaStore());
  return all.sort((a, b) => b.savedAt - a.savedAt);
}

/** Resolves in a later macrotask (a resolved promise would continue in the current one). */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function saveRun(meta: SavedRun, cp: Checkpoint): Promise<void> {
  // IndexedDB clones the checkpoint (megabytes of base64) on the main thread. In the task that
  // received it, that clone came on top of the message's own deserialisation: the longest task
  // left while a search runs. A task of its own halves it.
  await nextTask();
  await set(meta.id, cp, dataStore());
  await set(meta.id, meta, metaStore());
}

export async function updateRun(id: string, patch: Partial<SavedRun>): Promise<SavedRun | undefined> {
  const old = await get<SavedRun>(id, metaStore());
  if (!old) return undefined;
  const next = { ...old, ...patch };
  await set(id, next, metaStore());
  return next;
}

export const loadCheckpoint = (id: string) => get<Checkpoint>(id, dataStore());

/** The distribution replay kept beside a checkpoint (thinned: it is cloned at every save). */
export const MAX_SAVED_SNAPSHOTS = 300;
const replayStore = () => createStore('fbnet-studio-replays', 'replays');

/** Every k-th snapshot up to `step`, k chosen to keep at most `cap`; the last one always stays. */
export function thinSnapshots(list: readonly Snapshot[], step: number, cap = MAX_SAVED_SNAPSHOTS): Snapshot[] {
  const upTo = list.filter((x) => x.step <= step);
  // cap - 1 strides leave room for the last snapshot.
  const k = Math.max(1, Math.ceil(upTo.length / (cap - 1)));
  return upTo.filter((_, i) => i % k === 0 || i === upTo.length - 1);
}

export const saveReplay = (id: string, snapshots: Snapshot[]) => set(id, snapshots, replayStore());
export const loadReplay = (id: string) => get<Snapshot[]>(id, replayStore());

export async function deleteRun(id: string): Promise<void> {
  await del(id, metaStore());
  await del(id, dataStore());
  await del(id, replayStore());
}
