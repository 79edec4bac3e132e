import { notify } from '../../app/notices';
import type { RetrainBudget, RetrainSource } from '../../app/protocol';
import { useAfterSearch } from '../../app/store';
import { send } from '../../app/transport';
import type { BlockName } from '../../engine/space/blocks';
import { BUNDLED_TABLES } from '../../engine/lut/bundled';
import { searchConfigSchema } from '../../engine/schemas';
import type { Space } from '../../engine/space/space';
import { saveFile } from '../../shared/save-file';
import { checkConfig } from '../search/config';
import { currentConfig, isSearchActive } from '../search/current-config';
import { checkBudget } from './budget';
import { archJsonText, fileStem, pytorchText } from './files';
import { idleStudy, isRetrainActive } from './slice';

let nextRetrainId = 1;

const searchRunning = isSearchActive;
const studyRunning = () => useAfterSearch.getState().study.state === 'running';
const retrainRunning = () => useAfterSearch.getState().retrains.some(isRetrainActive);

/** Why a search may not start now, or null: it would share the worker with a retrain or a study. */
export function afterSearchBusy(): string | null {
  if (studyRunning()) return 'a cross-device study is running; cancel it or wait for it to finish';
  if (retrainRunning()) return 'a retrain is running; cancel it or wait for it to finish';
  return null;
}

/** Why retraining is refused now, or null. Retrains queue behind each other, never behind a search. */
export function retrainBlocked(): string | null {
  if (searchRunning()) return 'a search is running: retraining starts only when no search runs (stop it or let it finish)';
  if (studyRunning()) return 'a cross-device study is running: retrain when it has finished';
  return null;
}

export function retrainArch(a: { name: string; source: RetrainSource; blocks: BlockName[]; space: Space }): number | null {
  const blocked = retrainBlocked();
  if (blocked) {
    notify('warn', `Retrain refused: ${blocked}`);
    return null;
  }
  const config = currentConfig();
  const problems = checkConfig(config);
  if (problems.length) {
    notify('warn', `Cannot retrain: the config is invalid (${problems.join('; ')})`);
    return null;
  }
  const id = nextRetrainId++;
  const budget = useAfterSearch.getState().budget;
  useAfterSearch.setState((s) => ({
    retrains: [...s.retrains, { id, ...a, budget, state: 'queued', message: null, progress: null, outcome: null }],
  }));
  send({ type: 'retrain', job: { id, ...a, config, budget } });
  return id;
}

export const cancelRetrain = (id: number) => send({ type: 'cancelRetrain', id });

export function removeRetrain(id: number): void {
  useAfterSearch.setState((s) => ({ retrains: s.retrains.filter((e) => e.id !== id || isRetrainActive(e)) }));
}

/** Validates one budget field; returns the refusal message, or null when applied. */
export function setBudget(key: keyof RetrainBudget, text: string): string | null {
  const batch = searchConfigSchema.safeParse(currentConfig()).data?.batchSize ?? 1;
  const problem = checkBudget(key, text, batch);
  if (problem) {
    notify('warn', `Refused: ${problem}`);
    return problem;
  }
  useAfterSearch.setState((s) => ({ budget: { ...s.budget, [key]: Number(text.trim()) } }));
  return null;
}

export function exportTfjs(id: number): void {
  send({ type: 'exportRetrained', id });
}

export function exportOnnx(id: number): void {
  send({ type: 'exportRetrained', id, format: 'onnx' });
}

function entry(id: number) {
  const e = useAfterSearch.getState().retrains.find((r) => r.id === id);
  if (!e) throw new Error(`no retrained network #${id}`);
  return e;
}

export function exportPytorch(id: number): void {
  const e = entry(id);
  saveFile(`${fileStem(e.name, id)}.py`, pytorchText(e), 'text/x-python');
}

export function exportArchJson(id: number): void {
  const e = entry(id);
  saveFile(`${fileStem(e.name, id)}.arch.json`, archJsonText(e), 'application/json');
}

/** Bundled tables for the current layout. */
export function studyCandidates() {
  const cfg = currentConfig();
  const layout = typeof cfg.space === 'string' ? cfg.space : 'small';
  return BUNDLED_TABLES.filter((t) => t.layout === layout);
}

export function toggleStudyTable(id: string): void {
  useAfterSearch.setState((s) => ({
    studyTables: s.studyTables.includes(id) ? s.studyTables.filter((t) => t !== id) : [...s.studyTables, id],
  }));
}

export function startStudy(): void {
  const ids = useAfterSearch.getState().studyTables.filter((id) => studyCandidates().some((t) => t.id === id));
  if (ids.length < 2) return notify('warn', 'Cross-device study: pick at least two device tables');
  if (searchRunning()) return notify('warn', 'Cross-device study refused: a search is running; stop it or let it finish');
  if (retrainRunning()) return notify('warn', 'Cross-device study refused: a retrain is running; cancel it or wait for it');
  const config = currentConfig();
  const problems = checkConfig(config);
  if (problems.length) return notify('warn', `Cannot start the study: the config is invalid (${problems.join('; ')})`);
  useAfterSearch.setState({ study: { ...idleStudy, state: 'running', tables: ids, what: 'starting' } });
  send({ type: 'study', config, tables: ids });
}

export const cancelStudy = () => send({ type: 'cancelStudy' });
