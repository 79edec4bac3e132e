/**
 * The checkpoint format (fbnet-studio/checkpoint@1): everything a Search needs to continue
 * exactly where it was — weights (BN running averages included), θ, optimiser slots, Rng states,
 * the data cursor, live controls, history and logs. Plain JSON: tensors are base64 float32, so a
 * checkpoint survives IndexedDB, a file download and an import bit for bit.
 */
import { z } from 'zod';
import { formatIssues, searchConfigSchema, spaceSchema } from '../schemas';
import { errorMessage } from '../errors';

export const CHECKPOINT_FORMAT = 'fbnet-studio/checkpoint@1';

/** Base64 of little-endian float32 values. */
export function encodeFloats(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

export function decodeFloats(b64: string, what: string): Float32Array {
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new Error(`${what}: the data is not valid base64`);
  }
  if (bin.length % 4 !== 0) throw new Error(`${what}: ${bin.length} bytes is not a whole number of float32 values`);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

const tensorSchema = z.object({
  shape: z.array(z.number().int().min(0)),
  data: z.string(),
});
export type TensorJson = z.infer<typeof tensorSchema>;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const controlKey = z.enum(['alpha', 'beta', 'tau', 'wLr', 'thetaLr', 'targetMs']);

const maybe = z.number().nullable();
const historySchema = z.object({
  step: z.number().int().min(1),
  epoch: z.number().int().min(0),
  phase: z.enum(['w', 'theta']),
  loss: maybe,
  ce: maybe,
  accuracy: z.number(),
  expectedLatencyMs: maybe,
  argmaxLatencyMs: maybe,
  tau: z.number(),
  alpha: z.number(),
  beta: z.number(),
  targetMs: z.number().nullable().optional(),
  wLr: z.number(),
  thetaLr: z.number(),
  msPerStep: z.number(),
});

const tableSchema = z.object({
  name: z.string(),
  layers: z.array(z.array(z.number().nullable())),
  fixedMs: finite,
  fixed: z.record(z.string(), z.number()).optional(),
  source: z.string().optional(),
});

export const checkpointSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  savedAt: z.string(),
  config: searchConfigSchema,
  space: spaceSchema,
  table: tableSchema,
  /** What the data must match on restore: the same images in the same order. */
  dataset: z.object({
    name: z.string(),
    size: z.number().int().positive(),
    channels: z.number().int().positive(),
    numClasses: z.number().int().min(2),
    trainN: z.number().int().min(0),
    testN: z.number().int().min(0),
  }),
  position: z.object({
    step: z.number().int().min(0),
    totalSteps: z.number().int().positive(),
    wStepsDone: z.number().int().min(0),
    epoch: z.number().int().min(0),
    phase: z.enum(['w', 'theta']),
    batchInPhase: z.number().int().min(0),
    order: z.array(z.number().int().min(0)),
    thetaOrder: z.array(z.number().int().min(0)).optional(),
    thetaBatch: z.number().int().min(0).optional(),
    sinceTheta: z.number().int().min(0).optional(),
  }),
  rng: z.object({ data: z.number().int().min(0), gumbel: z.number().int().min(0) }),
  theta: tensorSchema,
  /** Every network variable in creation order, BN running averages included. */
  variables: z.array(tensorSchema),
  optimizer: z.object({
    wVelocity: z.array(tensorSchema),
    thetaMoments: z.array(tensorSchema).length(2),
    thetaSteps: z.number().int().min(0),
  }),
  controls: z.partialRecord(controlKey, finite),
  history: z.array(historySchema),
  controlLog: z.array(
    z.object({
      type: z.literal('control'),
      step: z.number().int(),
      key: controlKey,
      value: finite.nullable(),
      previous: finite.nullable(),
    }),
  ),
  epochLog: z.array(
    z.object({
      type: z.literal('epoch'),
      epoch: z.number().int().min(0),
      step: z.number().int().min(0),
      validationAccuracy: z.number().nullable(),
      tau: z.number(),
    }),
  ),
});

export type Checkpoint = z.infer<typeof checkpointSchema>;

/** Checkpoints of the largest studio searches are tens of MB; anything far beyond is not one. */
export const MAX_CHECKPOINT_BYTES = 256 * 1024 * 1024;

/** An imported checkpoint file: size-capped, JSON-parsed and validated, errors naming the file and field. */
export function parseCheckpointText(text: string, name: string, byteLength = text.length): Checkpoint {
  if (byteLength > MAX_CHECKPOINT_BYTES) {
    throw new Error(`${name} is ${(byteLength / 1048576).toFixed(0)} MB; a checkpoint may be at most ${MAX_CHECKPOINT_BYTES / 1048576} MB`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${name} is not JSON (${errorMessage(err)})`);
  }
  const format = (value as { format?: unknown } | null)?.format;
  if (typeof format === 'string' && format !== CHECKPOINT_FORMAT) {
    throw new Error(`${name} is a "${format}" file, not a checkpoint (${CHECKPOINT_FORMAT})`);
  }
  const r = checkpointSchema.safeParse(value);
  if (!r.success) throw new Error(`${name} is not a valid checkpoint:\n  ${formatIssues(r.error, value).slice(0, 8).join('\n  ')}`);
  return r.data;
}
