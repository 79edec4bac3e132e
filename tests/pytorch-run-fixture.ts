/** Lines of a PyTorch run's events.jsonl and its result.json on a micro space, for the readers' tests. */
import type { DirectoryHandleLike } from '../src/features/scale-out/follow';
import { RUN_FORMAT } from '../src/engine/runs/pytorch-run';
import { searchConfigSchema, type SearchResultJson } from '../src/engine/schemas';
import { buildSearchResult } from '../src/engine/search/result';
import { allowedMask } from '../src/engine/space/space';
import { microSpace, syntheticTable } from './synthetic';

export const space = microSpace();
export const uniform = allowedMask(space).map((row) => row.map((ok) => (ok ? 1 / row.filter(Boolean).length : 0)));
export const sharpened = uniform.map((row) => row.map((p, i) => (i === 0 ? 0.7 : p > 0 ? 0.1 : 0)));

export const start = {
  type: 'start',
  format: RUN_FORMAT,
  totalSteps: 3,
  space,
  config: { seed: 1 },
  table: { name: 'synthetic', fixedMs: 1 },
  probabilities: uniform,
  runtime: { engine: 'pytorch', worldSize: 2, device: 'cpu' },
};

export const step = (n: number, phase: 'w' | 'theta', extra: Record<string, unknown> = {}) => ({
  type: 'step',
  step: n,
  totalSteps: 3,
  epoch: 0,
  phase,
  loss: 2 - n / 10,
  ce: 2,
  accuracy: 0.25,
  expectedLatencyMs: 3 + n,
  argmaxLatencyMs: 4,
  tau: 5,
  alpha: 0.2,
  beta: 0.6,
  wLr: 0.1,
  thetaLr: 0.01,
  msPerStep: 12,
  ...extra,
});

export const jsonl = (...lines: unknown[]) => lines.map((l) => `${JSON.stringify(l)}\n`).join('');

/** A whole three-step run: a θ step that sharpens the distributions, an epoch end, done. */
export const finishedLines = jsonl(
  start,
  step(1, 'w'),
  step(2, 'theta', { probabilities: sharpened }),
  { type: 'epoch', epoch: 0, step: 2, validationAccuracy: 0.5, tau: 5 },
  step(3, 'w'),
  { type: 'done', step: 3, stopped: false },
);

/** That run's result in the engine's format. */
export function finishedResult(samples = 2): SearchResultJson {
  return buildSearchResult({
    space,
    config: searchConfigSchema.parse({ samples, seed: 4 }),
    table: syntheticTable(space),
    probabilities: sharpened,
    history: [],
    controls: [],
    epochs: [],
    steps: 3,
    totalSteps: 3,
    stopped: false,
  });
}

/** Its result.json as search.py writes it: the engine's format plus the runtime. */
export const resultJson = (samples = 2) =>
  JSON.stringify({ ...finishedResult(samples), runtime: { engine: 'pytorch', worldSize: 2, device: 'cpu' } });

/** A run folder whose files the test writes; each getFile() is a snapshot, as the real API gives, and reads are counted. */
export class FakeFolder implements DirectoryHandleLike {
  readonly name = 'run-a';
  files = new Map<string, Uint8Array>();
  bytesRead = 0;

  write(name: string, text: string): void {
    this.files.set(name, new TextEncoder().encode(text));
  }

  append(name: string, text: string): void {
    const before = this.files.get(name) ?? new Uint8Array(0);
    const add = new TextEncoder().encode(text);
    const next = new Uint8Array(before.length + add.length);
    next.set(before);
    next.set(add, before.length);
    this.files.set(name, next);
  }

  async getFileHandle(name: string) {
    const bytes = this.files.get(name);
    if (!bytes) throw Object.assign(new Error(`${name} not found`), { name: 'NotFoundError' });
    return {
      getFile: async () => {
        const blob = new Blob([bytes.slice()]);
        const slice = blob.slice.bind(blob);
        // Counts what is read, to check that a poll reads only what was added.
        return Object.assign(blob, {
          slice: (a?: number, b?: number) => {
            this.bytesRead += (b ?? bytes.length) - (a ?? 0);
            return slice(a, b);
          },
        });
      },
    };
  }
}
