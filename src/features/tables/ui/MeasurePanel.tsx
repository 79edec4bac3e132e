import { useState } from 'react';
import { activateMade, cancelMeasure, findMade, measureBrowser } from '../tool-actions';
import { useTableTools, useStudio } from '../../../app/store';
import { downloadText } from '../../../shared/download';
import { searchActive } from '../../search/status';

const intIn = (text: string, min: number, max: number) => {
  const v = Number(text);
  return text.trim() !== '' && Number.isInteger(v) && v >= min && v <= max ? v : null;
};

/** Times every allowed block of this space on the worker's backend, so the search can target this browser. */
export function MeasurePanel() {
  const measure = useTableTools((s) => s.measure);
  useTableTools((s) => s.made);
  const backend = useStudio((s) => s.backend?.active);
  const status = useStudio((s) => s.status);
  const activeName = useStudio((s) => s.table?.table.name);
  const [repeats, setRepeats] = useState('10');
  const [warmup, setWarmup] = useState('3');
  const r = intIn(repeats, 1, 200);
  const w = intIn(warmup, 0, 50);
  const searching = searchActive(status);
  const running = measure?.running ?? false;
  const made = measure?.finished ? findMade(measure.finished.name) : undefined;
  const share = measure?.total ? measure.done / measure.total : 0;
  return (
    <section className="card" data-testid="measure-panel" style={{ alignSelf: 'start' }}>
      <h2>Measure on this browser</h2>
      <p className="hint">
        Times every allowed (layer, block) of this space’s shapes, plus stem and head, one image at a time on{' '}
        <strong>this browser’s {backend ?? '…'} backend</strong>: warm-up runs first, then the median of the timed runs. The table describes
        this browser on this machine, not a phone or the devices of the bundled tables. Refused while a search runs (both would share the
        backend and skew each other).
      </p>
      <div className="fields">
        <label className="field">
          Timed runs (median)
          <input
            type="number"
            aria-label="Timed runs"
            min={1}
            max={200}
            value={repeats}
            className={r == null ? 'invalid' : undefined}
            onChange={(e) => setRepeats(e.target.value)}
            disabled={running}
          />
        </label>
        <label className="field">
          Warm-up runs
          <input
            type="number"
            aria-label="Warm-up runs"
            min={0}
            max={50}
            value={warmup}
            className={w == null ? 'invalid' : undefined}
            onChange={(e) => setWarmup(e.target.value)}
            disabled={running}
          />
        </label>
      </div>
      {(r == null || w == null) && (
        <div className="error-box" style={{ marginTop: 6 }}>
          {r == null ? 'timed runs must be a whole number from 1 to 200' : 'warm-up runs must be a whole number from 0 to 50'}
        </div>
      )}
      <div className="row" style={{ marginTop: 8 }}>
        <button
          type="button"
          className="primary"
          disabled={running || searching || !backend || r == null || w == null}
          onClick={() => measureBrowser(r!, w!)}
        >
          Measure this browser
        </button>
        <button type="button" className="danger" disabled={!running} onClick={cancelMeasure}>
          Cancel
        </button>
        {searching && <span className="muted">a search is running</span>}
      </div>
      {measure && (running || measure.total > 0) && (
        <div data-testid="measure-progress" style={{ marginTop: 6 }}>
          <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={measure.total} aria-valuenow={measure.done}>
            <div style={{ width: `${(share * 100).toFixed(1)}%` }} />
          </div>
          <div className="muted">
            {measure.done} / {measure.total || '…'} ops{running ? ` · ${measure.what}` : ''}
          </div>
        </div>
      )}
      {measure?.ended && (
        <div
          className={measure.ended.cancelled ? 'warn-box' : 'error-box'}
          role="alert"
          data-testid="measure-ended"
          style={{ marginTop: 6 }}
        >
          {measure.ended.message}
        </div>
      )}
      {measure?.finished && made && (
        <div data-testid="measure-done" style={{ marginTop: 6 }}>
          <div className="small">
            <strong>{made.name}</strong>: {measure.done} ops in {measure.finished.seconds.toFixed(1)} s on {measure.finished.backend}
            {activeName === made.name ? ' · active now' : ''}
          </div>
          <div className="row" style={{ marginTop: 6 }}>
            <button type="button" disabled={activeName === made.name} onClick={() => activateMade(made.name)}>
              Use measured table
            </button>
            <button type="button" onClick={() => downloadText(`${made.name}.csv`, made.csv, 'text/csv')}>
              Export measured table (CSV)
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
