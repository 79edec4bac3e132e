/**
 * The search config as the exported package reads it: the engine's schema plus the schedule keys
 * (schedule, thetaEvery, tauSchedule, targetMs with lossForm "target"), filled with their defaults
 * when absent, so the package does not depend on which of them the engine's schema knows yet.
 */
import { parseOrThrow, searchConfigSchema, type SearchConfig } from '../../schemas';

export interface ScheduleKeys {
  schedule: 'epoch' | 'interleaved';
  thetaEvery: number;
  tauSchedule: 'epoch' | 'step';
  lossForm: 'paper' | 'additive' | 'target';
  targetMs?: number;
}

export type ExportConfig = Omit<SearchConfig, 'lossForm'> & ScheduleKeys;

function oneOf<T extends string>(v: unknown, allowed: readonly T[], key: string, fallback: T): T {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new Error(`invalid search config:\n  ${key}: expected ${allowed.map((a) => `"${a}"`).join(' or ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

export function parseExportConfig(raw: unknown, what = 'search config'): ExportConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`invalid ${what}: expected a JSON object`);
  const r = raw as Record<string, unknown>;
  const schedule = oneOf(r.schedule, ['epoch', 'interleaved'] as const, 'schedule', 'epoch');
  const tauSchedule = oneOf(r.tauSchedule, ['epoch', 'step'] as const, 'tauSchedule', 'epoch');
  const lossForm = oneOf(r.lossForm, ['paper', 'additive', 'target'] as const, 'lossForm', 'paper');
  const thetaEvery = r.thetaEvery ?? 4;
  if (typeof thetaEvery !== 'number' || !Number.isInteger(thetaEvery) || thetaEvery < 1 || thetaEvery > 1000) {
    throw new Error(`invalid ${what}:\n  thetaEvery: expected an integer from 1 to 1000, got ${JSON.stringify(r.thetaEvery)}`);
  }
  const targetMs = r.targetMs;
  if (targetMs !== undefined && (typeof targetMs !== 'number' || !(targetMs > 0) || !Number.isFinite(targetMs))) {
    throw new Error(`invalid ${what}:\n  targetMs: expected a positive number of milliseconds, got ${JSON.stringify(targetMs)}`);
  }
  if (lossForm === 'target' && targetMs === undefined) throw new Error(`invalid ${what}:\n  targetMs: lossForm "target" needs targetMs (the latency target in ms)`);
  // The engine's schema judges everything else; it may not know "target" yet, so it sees a form it does.
  const base = parseOrThrow(searchConfigSchema, { ...r, lossForm: lossForm === 'target' ? 'paper' : lossForm }, what);
  return { ...base, schedule, thetaEvery, tauSchedule, lossForm, ...(targetMs !== undefined ? { targetMs } : {}) };
}
