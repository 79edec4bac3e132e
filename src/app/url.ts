import type { SearchConfigInput } from '../engine/schemas';
import { BACKEND_NAMES, isBackendChoice, type BackendChoice } from './protocol';
import { checkField, FIELDS, presetById } from '../features/search/config';

export interface UrlSettings {
  presetId?: string;
  overrides: Partial<SearchConfigInput>;
  tableId?: string;
  backend?: BackendChoice;
  /** One line per ignored parameter. */
  problems: string[];
}

/** Reads a shared link. Every value is validated on its own; a bad one is ignored and reported. */
export function readUrl(search: string): UrlSettings {
  const q = new URLSearchParams(search);
  const out: UrlSettings = { overrides: {}, problems: [] };
  const preset = q.get('preset');
  if (preset != null) {
    if (presetById(preset)) out.presetId = preset;
    else out.problems.push(`preset “${preset}” is unknown`);
  }
  const backend = q.get('backend');
  if (backend != null) {
    if (isBackendChoice(backend)) out.backend = backend;
    else out.problems.push(`backend “${backend}” is not one of ${['auto', ...BACKEND_NAMES].join(', ')}`);
  }
  const lut = q.get('lut');
  if (lut != null) out.tableId = lut; // checked against the bundled list once the page knows the layout
  const overrides: Record<string, unknown> = {};
  for (const def of FIELDS) {
    const v = q.get(def.param);
    if (v == null) continue;
    const r = checkField(def, v);
    if (r.ok) overrides[def.key] = r.value;
    else out.problems.push(`${def.param}=${v} ignored: ${r.message}`);
  }
  out.overrides = overrides as Partial<SearchConfigInput>;
  return out;
}

export function writeUrl(s: { presetId: string; overrides: Partial<SearchConfigInput>; tableId: string; backend: BackendChoice }): string {
  const q = new URLSearchParams();
  q.set('preset', s.presetId);
  for (const def of FIELDS) {
    const v = (s.overrides as Record<string, unknown>)[def.key];
    if (v !== undefined && (typeof v === 'number' || typeof v === 'string')) q.set(def.param, String(v));
  }
  if (s.tableId) q.set('lut', s.tableId);
  if (s.backend !== 'auto') q.set('backend', s.backend);
  return `?${q.toString()}`;
}
