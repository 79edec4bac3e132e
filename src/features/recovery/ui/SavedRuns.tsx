import { useRef } from 'react';
import { exportRun, importRun, removeRun, resumeRun, simulateFault, testHooksEnabled } from '../actions';
import { useRecovery, useStudio } from '../../../app/store';
import { downloadText } from '../../../shared/download';
import { describeRun } from '../run-library';
import { searchActive } from '../../search/status';

const kb = (n: number) => (n > 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.ceil(n / 1024)} kB`);

export function SavedRuns() {
  const runs = useRecovery((s) => s.runs);
  const runId = useRecovery((s) => s.runId);
  const lastSaved = useRecovery((s) => s.lastSaved);
  const status = useStudio((s) => s.status);
  const busy = searchActive(status);
  const file = useRef<HTMLInputElement>(null);
  return (
    <section className="card" data-testid="saved-runs">
      <h2>Saved runs</h2>
      <p className="hint">
        A checkpoint is saved at every epoch end, after every 30 s of searching and on Pause
        {lastSaved ? ` — last: step ${lastSaved.step} (${lastSaved.reason})` : ''}.
      </p>
      {runs.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="runs">
          {runs.map((r) => (
            <li key={r.id} data-testid="saved-run">
              <div>
                <strong>{describeRun(r).progress}</strong> <span className={`tag ${r.state}`}>{r.state}</span>
                {r.id === runId && busy && <span className="tag">current</span>}
                <div className="hint">
                  {describeRun(r).resumesFrom && `${describeRun(r).resumesFrom} · `}
                  {r.summary} · {r.tableName} · {kb(r.bytes)} · {new Date(r.savedAt).toLocaleString()}
                </div>
              </div>
              <div className="row">
                <button type="button" disabled={busy || r.state === 'finished'} onClick={() => void resumeRun(r.id)}>
                  Continue this run
                </button>
                <button
                  type="button"
                  onClick={async () => {
                    const f = await exportRun(r.id);
                    if (f) downloadText(f.name, f.text, 'application/json');
                  }}
                >
                  Export
                </button>
                <button type="button" className="danger" disabled={r.id === runId && busy} onClick={() => void removeRun(r.id)}>
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <label className="hint">
        Import a checkpoint (.json){' '}
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          data-testid="import-checkpoint"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (f) await importRun(f);
            if (file.current) file.current.value = '';
          }}
        />
      </label>
      {testHooksEnabled() && (
        <div className="row" style={{ marginTop: 8 }}>
          <button type="button" data-testid="simulate-device-loss" onClick={() => simulateFault('loseDevice')}>
            Simulate device loss
          </button>
          <button type="button" onClick={() => simulateFault('crashWorker')}>
            Simulate worker crash
          </button>
        </div>
      )}
    </section>
  );
}
