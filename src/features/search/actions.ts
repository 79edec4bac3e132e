import { notify } from '../../app/notices';
import { useStudio } from '../../app/store';
import { syncUrl } from '../../app/sync-url';
import { send } from '../../app/transport';
import type { ControlKey } from '../../engine/search/events';
import { errorMessage } from '../../engine/errors';
import type { SearchConfigInput, SearchResultJson } from '../../engine/schemas';
import { downloadText } from '../../shared/download';
import { checkControl } from '../../engine/search/controls';
import { followLayout } from '../tables/actions';
import { checkConfig, checkField, fieldByKey, presetById, type FieldKey } from './config';
import { currentConfig, isSearchActive, layoutOf } from './current-config';
import { resultFileName } from './export-name';
import { initialRunState } from './slice';

/** Other features' reasons a search may not start now (they would share the worker); registered by them. */
const startBlockers: (() => string | null)[] = [];

export function addStartBlocker(blocker: () => string | null): void {
  startBlockers.push(blocker);
}

const SPACE_KEYS: FieldKey[] = ['space', 'inputSize', 'widthMultiplier', 'headChannels'];

export function setPreset(id: string): void {
  if (!presetById(id)) return notify('warn', `Unknown preset “${id}”`);
  const before = layoutOf(currentConfig());
  useStudio.setState({ presetId: id, overrides: {} });
  afterConfigChange(before, true);
}

/** Validates one config field; returns the refusal message, or null when applied. */
export function setField(key: FieldKey, text: string): string | null {
  const def = fieldByKey(key);
  const r = checkField(def, text);
  if (!r.ok) {
    notify('warn', `Refused: ${r.message}`);
    return r.message;
  }
  const before = layoutOf(currentConfig());
  useStudio.setState((s) => ({ overrides: { ...s.overrides, [key]: r.value } }));
  afterConfigChange(before, SPACE_KEYS.includes(key));
  return null;
}

export function resetField(key: FieldKey): void {
  const before = layoutOf(currentConfig());
  useStudio.setState((s) => {
    const o: Record<string, unknown> = { ...s.overrides };
    delete o[key];
    return { overrides: o as Partial<SearchConfigInput> };
  });
  afterConfigChange(before, SPACE_KEYS.includes(key));
}

function afterConfigChange(layoutBefore: string, spaceChanged: boolean): void {
  syncUrl();
  if (spaceChanged) followLayout(layoutBefore);
}

export function startSearch(): void {
  const cfg = currentConfig();
  const problems = checkConfig(cfg);
  if (problems.length) {
    notify('warn', `Cannot start: ${problems.join('; ')}`);
    return;
  }
  for (const blocker of startBlockers) {
    const busy = blocker();
    if (busy) return notify('warn', `Cannot start the search: ${busy}`);
  }
  useStudio.setState({ ...initialRunState, status: 'loading', statusMessage: 'starting' });
  send({ type: 'start', config: cfg });
}

export const pauseSearch = () => send({ type: 'pause' });
export const resumeSearch = () => send({ type: 'resume' });
export const stepSearch = () => send({ type: 'step' });
export const stopSearch = () => send({ type: 'stop' });

const CONTROL_FIELD: Record<'alpha' | 'beta' | 'tau', FieldKey> = { alpha: 'alpha', beta: 'beta', tau: 'tau0' };

/**
 * A slider or its number box. Before a run it edits the config; during a run it becomes a live
 * control the trainer applies at its next step. Returns the refusal message, or null.
 */
export function setControl(key: ControlKey, value: number | null): string | null {
  if (!isSearchActive()) {
    if (value == null) return null;
    const field = key === 'alpha' || key === 'beta' || key === 'tau' ? CONTROL_FIELD[key] : (key as FieldKey);
    return setField(field, String(value));
  }
  try {
    checkControl(key, value);
  } catch (err) {
    const msg = errorMessage(err);
    notify('warn', `Refused: ${msg}`);
    return msg;
  }
  send({ type: 'control', key, value });
  return null;
}

/** Puts back the value a harmful change replaced: the earlier live value, else the run's configured one (τ: its schedule). */
export function undoHarm(): void {
  const harm = useStudio.getState().harm;
  if (!harm) return;
  const c = harm.control;
  const configured = useStudio.getState().run?.config as Record<string, unknown> | undefined;
  const fallback = c.key === 'tau' ? null : typeof configured?.[c.key] === 'number' ? (configured[c.key] as number) : null;
  const value = c.previous ?? fallback;
  useStudio.setState({ harm: null });
  if (value === null && c.key !== 'tau') return notify('warn', `There is no earlier value of ${c.key} to go back to; set it by hand.`);
  setControl(c.key, value);
}

export function dismissHarm(): void {
  useStudio.setState({ harm: null });
}

export function saveResult(result: SearchResultJson): void {
  const name = resultFileName(
    useStudio.getState().presetId,
    result.config.seed,
    typeof result.steps === 'number' ? result.steps : result.history.length,
    new Date(),
  );
  downloadText(name, `${JSON.stringify(result, null, 2)}\n`, 'application/json');
}

/** The finished search's result, or, while one runs or is paused, its current θ's architectures (asked of the worker). */
export function exportArchitectures(): void {
  const { result, status } = useStudio.getState();
  if (result) return saveResult(result);
  if (status === 'running' || status === 'paused') send({ type: 'liveResult' });
}

export function setScrub(step: number | null): void {
  useStudio.setState({ scrubStep: step });
}
