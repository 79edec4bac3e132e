/**
 * Saved searches in IndexedDB: a small record per run (listed at load) and its latest checkpoint
 * (read only to resume or export). A diverged pause never writes, so the last good state stays.
 */
import { createStore, del, get, set, values } from 'idb-keyval';
import type { Checkpoint } from '../../engine/search/checkpoint';
import type { CheckpointReason } from '../../app/protocol';

export type RunState = 'active' | 'paused' | 'diverged' | 'finished';

export interface SavedRun {
  id: string;
  createdAt: number;
  savedAt: number;
  step: number;
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

export async function deleteRun(id: string): Promise<void> {
  await del(id, metaStore());
  await del(id, dataStore());
}
