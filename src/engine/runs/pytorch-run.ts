/**
 * A PyTorch run folder read back: `events.jsonl` (one JSON object per line, possibly still growing,
 * so an unterminated last line is left for the next read) and, once the run has finished,
 * `result.json`. Gives the engine's own event stream (step events carry the latest probabilities, as
 * the engine's do), the history rows and the result, so the studio shows the run like its own.
 */
import { z } from 'zod';
import { errorMessage } from '../errors';
import { NUM_BLOCKS } from '../space/blocks';
import type { EpochEvent, PausedEvent, SearchEvent, StepEvent } from '../search/events';
import type { HistoryEntry } from '../search/result';
import { formatIssues, searchResultSchema, spaceSchema, type SearchResultJson } from '../schemas';
import type { Space } from '../space/space';

export const RUN_FORMAT = 'fbnet-studio/pytorch-run@1';

const num = z.number().refine(Number.isFinite, 'must be a finite number');
const probs = z.array(z.array(z.number().min(0).max(1)).length(NUM_BLOCKS, `each layer needs ${NUM_BLOCKS} probabilities`));

const startLine = z.object({
  type: z.literal('start'),
  format: z.literal(RUN_FORMAT),
  totalSteps: z.number().int().positive(),
  space: spaceSchema,
  config: z.record(z.string(), z.unknown()),
  table: z.object({ name: z.string(), fixedMs: num }),
  probabilities: probs,
  runtime: z.object({ engine: z.literal('pytorch'), worldSize: z.number().int().positive(), device: z.string() }).passthrough(),
});

const stepLine = z.object({
  type: z.literal('step'),
  step: z.number().int().positive(),
  totalSteps: z.number().int().positive(),
  epoch: z.number().int().min(0),
  phase: z.enum(['w', 'theta']),
  loss: num,
  ce: num,
  accuracy: z.number().min(0).max(1),
  expectedLatencyMs: num,
  argmaxLatencyMs: num.nullable(),
  tau: num,
  alpha: num,
  beta: num,
  targetMs: num.nullable().optional(),
  wLr: num,
  thetaLr: num,
  msPerStep: num,
  probabilities: probs.optional(),
});

const epochLine = z.object({
  type: z.literal('epoch'),
  epoch: z.number().int().min(0),
  step: z.number().int().min(0),
  validationAccuracy: z.number().min(0).max(1).nullable(),
  tau: num,
});
const pausedLine = z.object({
  type: z.literal('paused'),
  step: z.number().int().min(0),
  reason: z.literal('diverged'),
  message: z.string(),
});
const doneLine = z.object({ type: z.literal('done'), step: z.number().int().min(0), stopped: z.boolean() });
const line = z.discriminatedUnion('type', [startLine, stepLine, epochLine, pausedLine, doneLine]);

export type RunStart = z.infer<typeof startLine>;

export interface PytorchRun {
  start: RunStart;
  space: Space;
  /** The engine's events in order: step events carry the probabilities after that step. */
  events: SearchEvent[];
  history: HistoryEntry[];
  /** softmax(θ) after the last step read (the start's uniform ones before any θ step). */
  probabilities: number[][];
  result: SearchResultJson | null;
  /** Steps read so far, and whether the run wrote its end (done or diverged). */
  steps: number;
  ended: boolean;
  /** Bytes of events.jsonl consumed: a growing file is read on from here (an unfinished line is not consumed). */
  consumed: number;
}

function parseLine(text: string, n: number): z.infer<typeof line> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`events.jsonl line ${n}: not valid JSON (${errorMessage(err)})`);
  }
  const r = line.safeParse(value);
  if (!r.success) throw new Error(`events.jsonl line ${n}: ${formatIssues(r.error, value).join('; ')}`);
  return r.data;
}

export function parseRunResult(text: string): SearchResultJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`result.json: not valid JSON (${errorMessage(err)})`);
  }
  const r = searchResultSchema.safeParse(value);
  if (!r.success) throw new Error(`result.json:\n  ${formatIssues(r.error, value).join('\n  ')}`);
  return r.data;
}

/** What one read of newly completed lines added. */
export interface RunChunk {
  events: SearchEvent[];
  history: HistoryEntry[];
}

/**
 * Reads events.jsonl a piece at a time, as a growing file is followed: each `read` takes the next
 * complete lines (text ending in a newline), checks them against what came before (one start line
 * first, steps in order) and returns only what they add. Line numbers count across reads.
 */
export class RunReader {
  private startLine: RunStart | null = null;
  private line = 0;
  private last = 0;
  probabilities: number[][] = [];
  ended = false;
  result: SearchResultJson | null = null;

  get start(): RunStart | null {
    return this.startLine;
  }

  get steps(): number {
    return this.last;
  }

  read(lines: string): RunChunk {
    const rows = lines.split('\n');
    if (rows.pop() !== '') throw new Error('RunReader.read takes whole lines, each ending in a newline');
    const chunk: RunChunk = { events: [], history: [] };
    for (const text of rows) {
      const n = ++this.line;
      if (text.trim()) this.take(parseLine(text, n), n, chunk);
    }
    return chunk;
  }

  private take(e: z.infer<typeof line>, n: number, out: RunChunk): void {
    if (e.type === 'start') {
      if (this.startLine) throw new Error(`events.jsonl line ${n}: a second start line (one run per file)`);
      this.startLine = e;
      this.probabilities = e.probabilities;
      return;
    }
    const s = this.startLine;
    if (!s) throw new Error(`events.jsonl line ${n}: the file must begin with the run's start line, found a "${e.type}" line`);
    if (e.type === 'step') {
      if (e.step !== this.last + 1)
        throw new Error(`events.jsonl line ${n}: step ${e.step} follows step ${this.last} (a line is missing or repeated)`);
      if (e.probabilities) {
        if (e.probabilities.length !== s.probabilities.length)
          throw new Error(
            `events.jsonl line ${n}: ${e.probabilities.length} layers of probabilities, the space has ${s.probabilities.length}`,
          );
        this.probabilities = e.probabilities;
      }
      this.last = e.step;
      const { wLr, thetaLr, probabilities: _p, ...rest } = e;
      const ev: StepEvent = { ...rest, targetMs: rest.targetMs ?? null, probabilities: this.probabilities };
      out.events.push(ev);
      out.history.push({
        step: e.step,
        epoch: e.epoch,
        phase: e.phase,
        loss: e.loss,
        ce: e.ce,
        accuracy: e.accuracy,
        expectedLatencyMs: e.expectedLatencyMs,
        argmaxLatencyMs: e.argmaxLatencyMs,
        tau: e.tau,
        alpha: e.alpha,
        beta: e.beta,
        wLr,
        thetaLr,
        msPerStep: e.msPerStep,
      });
    } else if (e.type === 'epoch') {
      const ev: EpochEvent = { ...e, validationAccuracy: e.validationAccuracy ?? Number.NaN };
      out.events.push(ev);
    } else if (e.type === 'paused') {
      const ev: PausedEvent = e;
      out.events.push(ev);
      this.ended = true;
    } else {
      this.ended = true;
    }
  }

  /** result.json, checked against the run read so far; gives the closing done event. */
  finish(resultText: string): SearchEvent {
    const s = this.startLine;
    if (!s) throw new Error('events.jsonl: no start line');
    const result = parseRunResult(resultText);
    if (JSON.stringify(result.space) !== JSON.stringify(s.space))
      throw new Error('result.json: its space differs from the one in events.jsonl (files of two different runs?)');
    this.result = result;
    return { type: 'done', step: this.last, stopped: this.last < s.totalSteps, result };
  }
}

export function parsePytorchRun(eventsText: string, resultText?: string | null): PytorchRun {
  const end = eventsText.lastIndexOf('\n') + 1;
  const reader = new RunReader();
  const { events, history } = reader.read(eventsText.slice(0, end));
  const start = reader.start;
  if (!start)
    throw new Error(end === 0 ? 'events.jsonl: no complete line yet (the run has not started writing)' : 'events.jsonl: no start line');
  if (resultText != null) events.push(reader.finish(resultText));
  return {
    start,
    space: start.space as Space,
    events,
    history,
    probabilities: reader.probabilities,
    result: reader.result,
    steps: reader.steps,
    ended: reader.ended,
    consumed: end,
  };
}
