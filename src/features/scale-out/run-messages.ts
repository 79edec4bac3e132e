/**
 * A PyTorch run as the worker messages a studio search sends (started, events, result, status), so
 * the search's own reducer draws it: the same charts, scrubber and results as a run of the studio.
 */
import type { ArchSummary, WorkerMessage } from '../../app/protocol';
import type { RunStart } from '../../engine/runs/pytorch-run';
import type { SearchResultJson } from '../../engine/schemas';
import type { SearchEvent } from '../../engine/search/events';
import { archCost } from '../../engine/space/costs';
import type { Space } from '../../engine/space/space';

/** Argmax and samples with their cost; the latency is the run's own table's, as result.json gives it. */
export function archSummaries(result: SearchResultJson): ArchSummary[] {
  return [result.argmax, ...result.samples].map((a) => {
    const blocks = a.blocks;
    const cost = archCost(result.space as Space, blocks);
    const latency = (a as { latencyMs?: unknown }).latencyMs;
    return { name: a.name, blocks, macs: cost.macs, params: cost.params, latencyMs: typeof latency === 'number' ? latency : null };
  });
}

export function startedMessage(start: RunStart): WorkerMessage {
  return { type: 'started', space: start.space as Space, config: start.config, totalSteps: start.totalSteps, tableName: start.table.name };
}

/** The events read so far, and, once the done event carries result.json, the result and a finished status. */
export function eventMessages(events: SearchEvent[], message: string): WorkerMessage[] {
  const msgs: WorkerMessage[] = [{ type: 'events', events }];
  const done = events.find((e) => e.type === 'done');
  if (done?.type === 'done') {
    msgs.push({ type: 'result', result: done.result, archs: archSummaries(done.result) });
    msgs.push({ type: 'status', status: 'done', message });
  } else {
    // Idle, not running: the studio's own controls (pause, live sliders) have no run to act on here.
    msgs.push({ type: 'status', status: 'idle', message });
  }
  return msgs;
}

/** How the run is described in the panel and the status line. */
export function describeRun(start: RunStart, steps: number, finished: boolean): string {
  const { worldSize, device } = start.runtime;
  const procs = `${worldSize} process${worldSize === 1 ? '' : 'es'} on ${device}`;
  return `PyTorch run (${procs}): step ${steps} / ${start.totalSteps}${finished ? ', finished' : ''}`;
}
