import { setScrub } from '../actions';
import { useStudio } from '../../../app/store';

/** Replays the distribution history; at the right end it follows the live step. */
export function StepScrubber() {
  const snapshots = useStudio((s) => s.snapshots);
  const scrubStep = useStudio((s) => s.scrubStep);
  if (snapshots.length < 2) return null;
  const first = snapshots[0].step;
  const last = snapshots[snapshots.length - 1].step;
  const value = scrubStep ?? last;
  return (
    <div className="scrubber">
      <span>Replay</span>
      <input
        type="range"
        aria-label="Step scrubber"
        min={first}
        max={last}
        step={1}
        value={value}
        onChange={(e) => {
          const v = Number(e.target.value);
          setScrub(v >= last ? null : v);
        }}
      />
      <span className="mono">
        step {value} / {last}
      </span>
      <button type="button" disabled={scrubStep == null} onClick={() => setScrub(null)}>
        Live
      </button>
    </div>
  );
}
