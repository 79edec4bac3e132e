import { PRESETS } from '../../engine/search/presets';
import {
  formatIssues,
  lossFormSchema,
  scheduleSchema,
  searchConfigSchema,
  tauScheduleSchema,
  type SearchConfigInput,
} from '../../engine/schemas';

export type FieldKey =
  | 'space'
  | 'inputSize'
  | 'widthMultiplier'
  | 'headChannels'
  | 'epochs'
  | 'warmupEpochs'
  | 'batchSize'
  | 'trainSamples'
  | 'testSamples'
  | 'wLr'
  | 'thetaLr'
  | 'lossForm'
  | 'targetMs'
  | 'schedule'
  | 'thetaEvery'
  | 'tauSchedule'
  | 'samples'
  | 'mode'
  | 'tau0'
  | 'tauDecay'
  | 'alpha'
  | 'beta'
  | 'seed';

export interface FieldDef {
  key: FieldKey;
  label: string;
  /** The URL query key (short where the config key is long). */
  param: string;
  kind: 'int' | 'number' | 'enum';
  options?: readonly string[];
  hint?: string;
}

export const FIELDS: readonly FieldDef[] = [
  {
    key: 'space',
    label: 'Layout',
    param: 'layout',
    kind: 'enum',
    options: ['small', 'imagenet'],
    hint: 'small: 32×32 CIFAR-style strides; imagenet: the paper’s 224 layout',
  },
  { key: 'inputSize', label: 'Input size', param: 'inputSize', kind: 'int', hint: 'images are resized to this' },
  { key: 'widthMultiplier', label: 'Width', param: 'width', kind: 'number', hint: 'channel scale, e.g. 0.25' },
  { key: 'headChannels', label: 'Head channels', param: 'headChannels', kind: 'int' },
  { key: 'epochs', label: 'Epochs', param: 'epochs', kind: 'int' },
  { key: 'warmupEpochs', label: 'Warm-up epochs', param: 'warmup', kind: 'int', hint: 'w only, θ frozen' },
  { key: 'batchSize', label: 'Batch size', param: 'batch', kind: 'int' },
  { key: 'trainSamples', label: 'Train samples', param: 'trainSamples', kind: 'int' },
  { key: 'testSamples', label: 'Validation samples', param: 'testSamples', kind: 'int' },
  { key: 'wLr', label: 'w learning rate', param: 'wLr', kind: 'number', hint: 'SGD, cosine decay' },
  { key: 'thetaLr', label: 'θ learning rate', param: 'thetaLr', kind: 'number', hint: 'Adam' },
  {
    key: 'lossForm',
    label: 'Loss form',
    param: 'loss',
    kind: 'enum',
    options: lossFormSchema.options,
    hint: 'paper: CE·α·(log LAT)^β; additive: CE + α·(log LAT)^β; target: CE·max(1, LAT/T)^β',
  },
  {
    key: 'targetMs',
    label: 'Target latency (ms)',
    param: 'target',
    kind: 'number',
    hint: 'T of the target form; empty: 0.6 × the uniform E[LAT] of the table',
  },
  {
    key: 'schedule',
    label: 'w/θ schedule',
    param: 'schedule',
    kind: 'enum',
    options: scheduleSchema.options,
    hint: 'epoch: the paper’s 80/20 split per epoch; interleaved: a θ step after every k w-steps',
  },
  { key: 'thetaEvery', label: 'θ step every k w-steps', param: 'thetaEvery', kind: 'int', hint: 'interleaved schedule only' },
  {
    key: 'tauSchedule',
    label: 'τ anneals per',
    param: 'tauSchedule',
    kind: 'enum',
    options: tauScheduleSchema.options,
    hint: 'epoch (the paper) or step (smoothly)',
  },
  { key: 'samples', label: 'Samples K', param: 'samples', kind: 'int', hint: 'architectures drawn from P_θ at the end' },
  {
    key: 'mode',
    label: 'Mode',
    param: 'mode',
    kind: 'enum',
    options: ['mixture', 'sampled'],
    hint: 'mixture: weighted sum of all blocks; sampled: one path per step (cheaper)',
  },
  { key: 'tau0', label: 'Initial τ', param: 'tau0', kind: 'number' },
  { key: 'tauDecay', label: 'τ decay / epoch', param: 'tauDecay', kind: 'number' },
  { key: 'alpha', label: 'α', param: 'alpha', kind: 'number' },
  { key: 'beta', label: 'β', param: 'beta', kind: 'number' },
  { key: 'seed', label: 'Seed', param: 'seed', kind: 'int' },
];

export const fieldByKey = (k: FieldKey) => FIELDS.find((f) => f.key === k)!;

export function presetById(id: string) {
  return PRESETS.find((p) => p.id === id);
}

export const DEFAULT_PRESET = 'cpu-quick';

/** The schema's defaults, shown for what neither the preset nor the link sets. */
export const SCHEMA_DEFAULTS: Record<string, unknown> = searchConfigSchema.parse({});

export function effectiveConfig(presetId: string, overrides: Partial<SearchConfigInput>): SearchConfigInput {
  const preset = presetById(presetId) ?? presetById(DEFAULT_PRESET) ?? PRESETS[0];
  return { ...(preset?.config ?? {}), ...overrides };
}

type Check = { ok: true; value: unknown } | { ok: false; message: string };

/** Parses the text of one field and validates it against that field's schema. */
export function checkField(def: FieldDef, text: string): Check {
  const raw = text.trim();
  let value: unknown = raw;
  if (def.kind === 'enum' && def.options && !def.options.includes(raw))
    return { ok: false, message: `${def.label}: “${text}” is not one of ${def.options.join(', ')}` };
  if (def.kind !== 'enum') {
    if (raw === '' || !Number.isFinite(Number(raw))) return { ok: false, message: `${def.label}: “${text}” is not a number` };
    value = Number(raw);
  }
  const shape = searchConfigSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; error?: unknown } }>;
  const r = shape[def.key].safeParse(value);
  if (!r.success) {
    const issues = formatIssues(r.error as Parameters<typeof formatIssues>[0]);
    return { ok: false, message: `${def.label}: ${issues.map((i) => i.replace(/^\(root\): /, '')).join('; ')}` };
  }
  return { ok: true, value };
}

/** Whole-config checks (cross-field rules such as warm-up < epochs). */
export function checkConfig(cfg: SearchConfigInput): string[] {
  const r = searchConfigSchema.safeParse(cfg);
  return r.success ? [] : formatIssues(r.error);
}
