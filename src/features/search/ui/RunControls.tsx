import { currentConfig } from '../current-config';
import { pauseSearch, resumeSearch, setField, startSearch, stepSearch, stopSearch } from '../actions';
import { useStudio } from '../../../app/store';
import { FieldInput } from '../../../shared/FieldInput';

export function RunControls() {
  const status = useStudio((s) => s.status);
  useStudio((s) => s.overrides); // re-render on config edits so the seed box shows the current value
  const idle = status === 'idle' || status === 'done' || status === 'error';
  return (
    <section className="card">
      <h2>Search</h2>
      <div className="row">
        <button type="button" className="primary" disabled={!idle} onClick={startSearch}>
          Start search
        </button>
        <button type="button" disabled={status !== 'running'} onClick={pauseSearch}>
          Pause
        </button>
        <button type="button" disabled={status !== 'paused'} onClick={resumeSearch}>
          Resume
        </button>
        <button type="button" disabled={status !== 'paused'} onClick={stepSearch} title="Run exactly one optimiser step">
          Step
        </button>
        <button type="button" className="danger" disabled={status !== 'running' && status !== 'paused'} onClick={stopSearch}>
          Stop
        </button>
      </div>
      <div className="row" style={{ marginTop: 8 }}>
        <label className="field" style={{ flexDirection: 'row', alignItems: 'center', gap: 6 }}>
          Seed
          <FieldInput label="Seed" value={currentConfig().seed} disabled={!idle} onCommit={(t) => setField('seed', t)} width={90} />
        </label>
        <span className="hint">same seed + config + table = same run</span>
      </div>
    </section>
  );
}
