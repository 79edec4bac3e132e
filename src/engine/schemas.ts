import { z } from 'zod';
import { BLOCK_NAMES } from './space/blocks';
import { LAYOUT_NAMES } from './space/space';

const posInt = z.number().int().positive();

/** The message quotes the bad value: `"k9_e9" is not a block; expected one of k3_e1, …`. */
export const blockNameSchema = z.enum(BLOCK_NAMES, {
  error: (iss) => `${quote(iss.input)} is not a block; expected one of ${BLOCK_NAMES.join(', ')}`,
});

function quote(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

export const spaceSchema = z.object({
  inputSize: posInt.max(1024),
  inputChannels: posInt.max(64),
  numClasses: z.number().int().min(2).max(100000),
  stem: z.object({ channels: posInt.max(4096), stride: z.number().int().min(1).max(4) }),
  stages: z.array(z.object({ channels: posInt.max(4096), layers: posInt.max(16), stride: z.number().int().min(1).max(4) })).min(1),
  headChannels: posInt.max(8192),
  allowedBlocks: z.array(z.array(blockNameSchema).min(1, 'each layer needs at least one allowed block')).optional(),
});

/** The name an architecture gets when its JSON has none and no file name is at hand (a studio import). */
export const DEFAULT_ARCH_NAME = 'imported';

export const archSchema = z
  .object({
    format: z.literal('fbnet-studio/arch@1'),
    /** Optional: readers of a file default it to the file's name (see the CLI), others to DEFAULT_ARCH_NAME. */
    name: z.string().min(1).default(DEFAULT_ARCH_NAME),
    space: spaceSchema,
    blocks: z.array(blockNameSchema),
  })
  .passthrough()
  .superRefine((a, ctx) => {
    const n = a.space.stages.reduce((s, st) => s + st.layers, 0);
    if (a.blocks.length !== n) {
      ctx.addIssue({ code: 'custom', path: ['blocks'], message: `expected ${n} blocks (one per layer), got ${a.blocks.length}` });
    }
  });

export type ArchJson = z.infer<typeof archSchema>;

export const lossFormSchema = z.enum(['paper', 'additive', 'target']);
export type LossForm = z.infer<typeof lossFormSchema>;

export const searchModeSchema = z.enum(['mixture', 'sampled']);
export type SearchMode = z.infer<typeof searchModeSchema>;

/** How w- and θ-steps alternate: the paper's per-epoch split, or a θ step after every `thetaEvery` w-steps. */
export const scheduleSchema = z.enum(['epoch', 'interleaved']);
export type ScheduleKind = z.infer<typeof scheduleSchema>;

/** τ = τ₀·decay^e with e whole epochs ('epoch', the paper) or epochs including the fraction done ('step'). */
export const tauScheduleSchema = z.enum(['epoch', 'step']);

/**
 * The one home of the hyperparameters a user may change: the config's bounds and the live
 * controls' bounds both come from here, and the studio's sliders take their ranges from it.
 */
export const LIMITS = {
  alpha: { min: 0, max: 1000, minInclusive: false },
  beta: { min: 0, max: 10, minInclusive: true },
  tau: { min: 0, max: 100, minInclusive: false },
  wLr: { min: 0, max: 10, minInclusive: false },
  thetaLr: { min: 0, max: 10, minInclusive: false },
  targetMs: { min: 0, max: 1e6, minInclusive: false },
} as const;
export type LimitKey = keyof typeof LIMITS;

function bounded(key: LimitKey) {
  const r = LIMITS[key];
  return (r.minInclusive ? z.number().min(r.min) : z.number().gt(r.min)).max(r.max);
}

/** The search config shared by the CLI and the studio. Every default follows the paper (docs/method.md §4) unless noted. */
export const searchConfigSchema = z
  .object({
    space: z.union([z.enum(LAYOUT_NAMES as [string, ...string[]]), spaceSchema]).default('small'),
    widthMultiplier: z.number().positive().max(4).default(0.25),
    inputSize: posInt.max(1024).optional(),
    headChannels: posInt.max(8192).optional(),
    allowedBlocks: z.union([z.array(blockNameSchema).min(1), z.array(z.array(blockNameSchema).min(1))]).optional(),
    dataset: z.string().default('fashion-mnist'),
    trainSamples: posInt.max(1_000_000).default(2000),
    testSamples: posInt.max(1_000_000).default(500),
    /** A table path (CLI) or a bundled table id (studio). */
    lut: z.string().optional(),
    epochs: posInt.max(1000).default(4),
    warmupEpochs: z.number().int().min(0).max(1000).default(1),
    batchSize: posInt.max(4096).default(32),
    /** Images per forward/backward pass; must divide batchSize. Unset: the whole batch at once. */
    microBatch: posInt.max(4096).optional(),
    alpha: bounded('alpha').default(0.2),
    beta: bounded('beta').default(0.6),
    lossForm: lossFormSchema.default('paper'),
    /** The 'target' form's latency T in ms; unset: a share of the table's uniform E[LAT] (see search/target.ts). */
    targetMs: bounded('targetMs').optional(),
    tau0: bounded('tau').default(5),
    tauDecay: z.number().positive().max(1).default(0.956),
    tauSchedule: tauScheduleSchema.default('epoch'),
    schedule: scheduleSchema.default('epoch'),
    /** Interleaved schedule: a θ step after every `thetaEvery` w-steps. */
    thetaEvery: posInt.max(1000).default(4),
    wLr: bounded('wLr').default(0.1),
    wMomentum: z.number().min(0).max(0.999).default(0.9),
    wWeightDecay: z.number().min(0).max(1).default(1e-4),
    thetaLr: bounded('thetaLr').default(0.01),
    thetaWeightDecay: z.number().min(0).max(1).default(5e-4),
    /** Share of each epoch's training data used for w; the rest trains θ (paper: 80/20). */
    wSplit: z.number().gt(0).lt(1).default(0.8),
    mode: searchModeSchema.default('mixture'),
    samples: z.number().int().min(0).max(1000).default(5),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
  })
  .superRefine((c, ctx) => {
    if (c.microBatch !== undefined && c.batchSize % c.microBatch !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['microBatch'],
        message: `micro-batch ${c.microBatch} must divide the batch size ${c.batchSize}`,
      });
    }
    if (c.warmupEpochs >= c.epochs) {
      ctx.addIssue({
        code: 'custom',
        path: ['warmupEpochs'],
        message: `warm-up epochs (${c.warmupEpochs}) must be fewer than epochs (${c.epochs}) so θ gets trained`,
      });
    }
  });

export type SearchConfig = z.infer<typeof searchConfigSchema>;
export type SearchConfigInput = z.input<typeof searchConfigSchema>;

export const historyEntrySchema = z
  .object({
    step: z.number().int(),
    epoch: z.number().int(),
    phase: z.enum(['w', 'theta']),
    loss: z.number().nullable(),
    ce: z.number().nullable(),
    accuracy: z.number(),
    expectedLatencyMs: z.number().nullable(),
    tau: z.number(),
    msPerStep: z.number(),
  })
  .passthrough();

export const searchResultSchema = z
  .object({
    format: z.literal('fbnet-studio/search-result@1'),
    space: spaceSchema,
    argmax: archSchema,
    samples: z.array(archSchema),
    probabilities: z.array(z.array(z.number().min(0).max(1)).length(BLOCK_NAMES.length)),
    history: z.array(historyEntrySchema),
    config: z.record(z.string(), z.unknown()),
  })
  .passthrough();

export type SearchResultJson = z.infer<typeof searchResultSchema>;

/**
 * zod issues as one line each: `blocks[3]: "k9_e9" is not a block; expected one of …`. Given the
 * parsed value, an enum's default message is replaced by one that quotes what was found.
 */
export function formatIssues(err: z.ZodError, input?: unknown): string[] {
  return err.issues.map((i) => {
    const where = i.path.length
      ? i.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '')
      : '(root)';
    let message = i.message;
    if (i.code === 'invalid_value' && input !== undefined && message.startsWith('Invalid option')) {
      const at = (v: unknown, p: PropertyKey) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined);
      const found = i.path.reduce<unknown>(at, input);
      message = `${quote(found)} is not one of ${i.values.map((v) => String(v)).join(', ')}`;
    }
    return `${where}: ${message}`;
  });
}

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`invalid ${what}:\n  ${formatIssues(r.error, value).join('\n  ')}`);
  return r.data;
}
