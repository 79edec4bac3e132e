import { errorMessage } from '../../../engine/errors';
import type { LatencyTable } from '../../../engine/lut/latency';
import { TableError } from '../../../engine/lut/errors';
import { tableToCsv } from '../../../engine/lut/export';
import { fitTable } from '../../../engine/lut/fit';
import { measureTable } from '../../../engine/lut/measure';
import { parseArchTimings } from '../../../engine/lut/timings';
import { formatIssues, searchConfigSchema, type SearchConfig, type SearchConfigInput } from '../../../engine/schemas';
import { makeSpace, type Space } from '../../../engine/space/space';
import { tf } from '../../../engine/runtime/tf';
import type { LutCommand, LutMessage, WorkerMessage } from '../../../app/protocol';

/** What the tools need from the worker host, which owns the backend and the active table. */
export interface LutHost {
  ready(): Promise<boolean>;
  /** The space a config resolves to (the running search's space while one runs). */
  space(config: SearchConfig): Promise<Space>;
  activeTable(): LatencyTable | null;
  searching(): boolean;
}

/** A zero-delay macrotask: lets a cancel message in between timed ops without the 4 ms timer clamp. */
function yieldTask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    // Typed structurally: Node's MessagePort typings (tests) lack onmessage, which it has at run time.
    const port = ch.port1 as unknown as { onmessage: (() => void) | null; close(): void };
    port.onmessage = () => {
      port.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

/** Fits tables to whole-model timings and times blocks on the active backend, in the worker. */
export class LutTools {
  private measuring: { requestId: number; abort: AbortController } | null = null;

  constructor(
    private readonly post: (m: WorkerMessage) => void,
    private readonly host: LutHost,
  ) {}

  get busyMeasuring(): boolean {
    return this.measuring != null;
  }

  async handle(cmd: LutCommand): Promise<void> {
    switch (cmd.type) {
      case 'fitTable':
        return this.fit(cmd);
      case 'measureTable':
        return this.measure(cmd);
      case 'cancelMeasure':
        if (!this.measuring) return this.post({ type: 'rejected', command: 'cancelMeasure', message: 'no measurement is running' });
        this.measuring.abort.abort(new Error('cancelled'));
        return;
    }
  }

  private async fit(cmd: Extract<LutCommand, { type: 'fitTable' }>): Promise<void> {
    const out = (m: LutMessage) => this.post(m);
    try {
      const space = cmd.timings.smallLayout ? makeSpace('small') : await this.host.space(checkedConfig(cmd.config));
      const { archs, latencyMs } = parseArchTimings(cmd.timings.text, { column: cmd.column });
      const prior = cmd.prior ? this.host.activeTable() : null;
      if (cmd.prior && !prior) throw new Error('no active table to pull toward');
      const fit = fitTable(archs, latencyMs, space, { holdout: cmd.holdout, seed: cmd.seed, ...(prior ? { prior } : {}) });
      const name = `fitted-${cmd.column}`;
      const table: LatencyTable = {
        ...fit.table,
        name,
        source: `${fit.table.source} (${cmd.timings.name}, column ${cmd.column}${prior ? `, pulled toward ${prior.name}` : ''})`,
      };
      out({
        type: 'fitResult',
        requestId: cmd.requestId,
        made: { name, table, space, csv: tableToCsv(table, space) },
        column: cmd.column,
        spearman: fit.spearman,
        mape: fit.mape,
        train: fit.train,
        test: fit.test,
        predicted: fit.predicted,
        measured: fit.measured,
        warnings: fit.warnings,
        priorName: prior?.name ?? null,
      });
    } catch (err) {
      out({ type: 'fitError', requestId: cmd.requestId, message: errorMessage(err), issues: err instanceof TableError ? err.issues : [] });
    }
  }

  private async measure(cmd: Extract<LutCommand, { type: 'measureTable' }>): Promise<void> {
    const end = (cancelled: boolean, text: string) =>
      this.post({ type: 'measureEnded', requestId: cmd.requestId, cancelled, message: text });
    if (this.measuring) return end(false, 'a measurement is already running');
    if (this.host.searching())
      return end(
        false,
        'measuring is refused while a search runs: its steps would compete for the same backend and skew both; stop the search first',
      );
    const abort = new AbortController();
    this.measuring = { requestId: cmd.requestId, abort };
    try {
      if (!(await this.host.ready())) throw new Error('no backend is available');
      const space = await this.host.space(checkedConfig(cmd.config));
      const t0 = performance.now();
      const measured = await measureTable(space, {
        repeats: cmd.repeats,
        warmup: cmd.warmup,
        signal: abort.signal,
        between: yieldTask,
        onProgress: (done, total, what) => this.post({ type: 'measureProgress', requestId: cmd.requestId, done, total, what }),
      });
      const backend = tf.getBackend();
      const name = `browser-${backend}`;
      const table: LatencyTable = { ...measured, name };
      this.post({
        type: 'measureDone',
        requestId: cmd.requestId,
        made: { name, table, space, csv: tableToCsv(table, space) },
        backend,
        seconds: (performance.now() - t0) / 1000,
      });
    } catch (err) {
      if (abort.signal.aborted) end(true, 'measurement cancelled; nothing was kept');
      else end(false, `measurement failed: ${errorMessage(err)}`);
    } finally {
      this.measuring = null;
    }
  }
}

function checkedConfig(input: SearchConfigInput): SearchConfig {
  const r = searchConfigSchema.safeParse(input);
  if (!r.success) throw new Error(`the config is invalid (${formatIssues(r.error).join('; ')})`);
  return r.data;
}
