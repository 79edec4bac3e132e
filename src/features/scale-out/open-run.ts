/**
 * A PyTorch run folder into the studio's store, from picked or dropped files or followed live: fed
 * through the search's own reducer as the worker's messages would be.
 */
import { notify } from '../../app/notices';
import type { WorkerMessage } from '../../app/protocol';
import { useScaleOut, useStudio } from '../../app/store';
import { errorMessage } from '../../engine/errors';
import { parsePytorchRun, type RunStart } from '../../engine/runs/pytorch-run';
import { readTextCapped } from '../../shared/read-file';
import { isSearchActive } from '../search/current-config';
import { reduceMessages } from '../search/reduce';
import { logEntry } from '../search/slice';
import { type DirectoryHandleLike, FOLLOW_EVERY_MS, RunFollower } from './follow';
import { pickRunFiles } from './run-files';
import { describeRun, eventMessages, startedMessage } from './run-messages';

/** A cluster run's events.jsonl holds one line per step (~10 kB with probabilities): far below this. */
const MAX_EVENTS_BYTES = 512 * 1048576;
const MAX_RESULT_BYTES = 64 * 1048576;

/** Folds messages into the store as if the worker had sent them: the search's reducer draws the run. */
function feed(msgs: WorkerMessage[]): void {
  useStudio.setState((s) => ({ ...s, ...reduceMessages(s, msgs) }));
}

/** A new run in the charts; the event log says where it ran rather than that a search started here. */
function showStart(start: RunStart): void {
  feed([startedMessage(start)]);
  const { worldSize, device } = start.runtime;
  const text = `PyTorch run: ${start.totalSteps} steps on ${worldSize} process${worldSize === 1 ? '' : 'es'} (${device}), table ${start.table.name}`;
  useStudio.setState({ log: [logEntry(0, 'run', text, false)] });
}

export function refuseWhileSearching(): boolean {
  if (!isSearchActive()) return false;
  notify('warn', 'A search is running in the studio: stop it before opening a PyTorch run');
  return true;
}

export function failed(what: string, err: unknown): void {
  const problem = `${what}: ${errorMessage(err)}`;
  useScaleOut.setState({ problem });
  notify('error', problem);
}

/** A run folder's files, picked or dropped: shown like a finished (or, without result.json, an unfinished) studio run. */
export async function openRunFiles(files: File[]): Promise<void> {
  if (refuseWhileSearching()) return;
  try {
    const picked = pickRunFiles(files);
    const events = await readTextCapped(picked.events, MAX_EVENTS_BYTES, 'events.jsonl');
    const result = picked.result ? await readTextCapped(picked.result, MAX_RESULT_BYTES, 'result.json') : null;
    const run = parsePytorchRun(events, result);
    stopFollowing();
    const shown = describeRun(run.start, run.steps, run.result != null);
    showStart(run.start);
    feed(eventMessages(run.events, shown));
    useScaleOut.setState({ shown, problem: null });
  } catch (err) {
    // Nothing was fed into the store before this point: the charts keep what they showed.
    failed('The PyTorch run was not opened', err);
  }
}

interface Following {
  follower: RunFollower;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The run this follower put in the charts; another one there (a studio search started) ends the following. */
  run: unknown;
}

let following: Following | null = null;

/** Polls the folder every FOLLOW_EVERY_MS until its result.json arrives, a problem, or Stop following. */
export function followFolder(dir: DirectoryHandleLike): void {
  stopFollowing();
  const me: Following = { follower: new RunFollower(dir), timer: undefined, run: null };
  following = me;
  useScaleOut.setState({ following: dir.name, problem: null });
  let start: RunStart | null = null;
  const tick = async () => {
    try {
      const u = await me.follower.poll();
      if (following !== me) return;
      if (u.start) {
        if (refuseWhileSearching()) return stopFollowing();
        start = u.start;
        showStart(u.start);
        me.run = useStudio.getState().run;
      } else if (me.run && useStudio.getState().run !== me.run) {
        notify('info', `Stopped following ${dir.name}: another run is in the charts now`);
        return stopFollowing();
      }
      if (start && (u.start || u.events.length)) {
        const shown = `${describeRun(start, me.follower.steps, u.finished)}${u.finished ? '' : ' (following)'}`;
        feed(eventMessages(u.events, shown));
        useScaleOut.setState({ shown });
      }
      if (u.finished) {
        notify('info', `${dir.name}: the PyTorch run finished; its result is in the studio`);
        return stopFollowing();
      }
      me.timer = setTimeout(tick, FOLLOW_EVERY_MS);
    } catch (err) {
      if (following !== me) return;
      stopFollowing();
      failed(`Stopped following ${dir.name}`, err);
    }
  };
  void tick();
}

export function stopFollowing(): void {
  if (!following) return;
  clearTimeout(following.timer);
  following = null;
  useScaleOut.setState({ following: null });
}
