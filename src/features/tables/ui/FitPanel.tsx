import { useState } from 'react';
import { activateMade, runFit, tryHelp, uploadTimings } from '../tool-actions';
import { useTableTools, useStudio } from '../../../app/store';
import { downloadText } from '../../../shared/download';
import { FitScatter } from './FitScatter';
import { IssueList } from './IssueList';

/** Fits a per-block table to latencies of whole architectures; the fit runs in the worker. */
export function FitPanel() {
  const timings = useTableTools((s) => s.timings);
  const pending = useTableTools((s) => s.fitPending);
  const fit = useTableTools((s) => s.fit);
  const failure = useTableTools((s) => s.fitFailure);
  const activeName = useStudio((s) => s.table?.table.name);
  const [column, setColumn] = useState('');
  const [holdout, setHoldout] = useState('0.2');
  const [seed, setSeed] = useState('0');
  const [prior, setPrior] = useState(false);
  const h = Number(holdout);
  const s = Number(seed);
  const problem = !(holdout.trim() !== '' && h >= 0 && h < 1)
    ? 'holdout must be a share in [0, 1), e.g. 0.2'
    : !(seed.trim() !== '' && Number.isInteger(s) && s >= 0)
      ? 'seed must be a whole number ≥ 0'
      : null;
  const rest = { holdout: h, seed: s, prior };
  const chosen = (col: string | null) => col && setColumn(col);
  const fitted = fit != null && activeName === fit.made.name;
  return (
    <section className="card" data-testid="fit-panel" style={{ alignSelf: 'start' }}>
      <h2>Fit from whole-model timings</h2>
      <p className="hint">
        A CSV with one timed architecture per row: an architecture column (<span className="mono">op_idx_22</span>,{' '}
        <span className="mono">arch</span>, …; 22 block names or 22 digits 0–8) and one or more latency columns in ms. The fit finds ms per
        (layer, block) plus a constant that add up to the measured totals (non-negative least squares) and checks itself on held-out
        architectures.
      </p>
      <div className="row">
        <label className="field">
          Timings CSV
          <input
            type="file"
            accept=".csv,.tsv,.txt,text/csv"
            aria-label="Timings CSV"
            disabled={!!problem}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void uploadTimings(f, rest).then(chosen);
              e.target.value = '';
            }}
          />
        </label>
        <button type="button" disabled={!!problem} onClick={() => void tryHelp(rest).then(chosen)}>
          Try with HELP’s 5000 measured architectures
        </button>
      </div>
      <div className="fields" style={{ marginTop: 8 }}>
        <label className="field">
          Latency column
          <select
            aria-label="Latency column"
            value={timings?.columns.includes(column) ? column : ''}
            disabled={!timings}
            onChange={(e) => setColumn(e.target.value)}
          >
            {!timings && <option value="">(load timings first)</option>}
            {timings?.columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Held-out share
          <input
            type="number"
            aria-label="Held-out share"
            min={0}
            max={0.95}
            step={0.05}
            value={holdout}
            className={problem?.startsWith('holdout') ? 'invalid' : undefined}
            onChange={(e) => setHoldout(e.target.value)}
          />
        </label>
        <label className="field">
          Split seed
          <input
            type="number"
            aria-label="Split seed"
            min={0}
            step={1}
            value={seed}
            className={problem?.startsWith('seed') ? 'invalid' : undefined}
            onChange={(e) => setSeed(e.target.value)}
          />
        </label>
        <div className="field" title="Cells the timings say little about stay near the active table instead of their layer's mean">
          <label className="row" style={{ gap: 4, flexWrap: 'nowrap' }}>
            <input type="checkbox" checked={prior} onChange={(e) => setPrior(e.target.checked)} style={{ width: 'auto' }} />
            Pull toward the active table
          </label>
          <span className="hint">{activeName ?? '—'}</span>
        </div>
      </div>
      <div className="row" style={{ marginTop: 8 }}>
        <button
          type="button"
          className="primary"
          disabled={!timings || !column || pending || !!problem}
          onClick={() => runFit({ ...rest, column })}
        >
          {pending ? 'Fitting…' : 'Fit'}
        </button>
        {timings && (
          <span className="muted" data-testid="fit-source">
            {timings.name}
            {timings.smallLayout ? ' · timed on the 32×32 small layout' : ''}
          </span>
        )}
      </div>
      {problem && (
        <div className="error-box" style={{ marginTop: 6 }}>
          {problem}
        </div>
      )}
      {failure && (
        <div className="error-box" role="alert" data-testid="fit-error" style={{ marginTop: 6 }}>
          No table was fitted: {failure.message}
          <IssueList issues={failure.issues} />
        </div>
      )}
      {fit && (
        <div style={{ marginTop: 8 }}>
          <div className="readout" data-testid="fit-metrics">
            <div>
              <div className="k">held-out Spearman ρ</div>
              <div className="v">{fit.spearman.toFixed(3)}</div>
            </div>
            <div>
              <div className="k">held-out MAPE</div>
              <div className="v">{fit.mape.toFixed(1)}%</div>
            </div>
            <div>
              <div className="k">architectures</div>
              <div className="v">
                {fit.train} train · {fit.test} test
              </div>
            </div>
          </div>
          <p className="hint">
            Column {fit.column}
            {fit.priorName ? `, pulled toward ${fit.priorName}` : ''}.{' '}
            {fit.test === 0 ? 'No architectures held out: the numbers are on the training set and flatter the fit.' : ''}
          </p>
          <FitScatter points={fit.points} heldOut={fit.test > 0} />
          {fit.warnings.map((w, i) => (
            <div key={i} className="warn-box" style={{ marginTop: 4 }}>
              {w}
            </div>
          ))}
          <div className="row" style={{ marginTop: 8 }}>
            <button type="button" onClick={() => activateMade(fit.made.name)} disabled={fitted}>
              {fitted ? 'Fitted table is active' : 'Use fitted table'}
            </button>
            <button type="button" onClick={() => downloadText(`${fit.made.name}.csv`, fit.made.csv, 'text/csv')}>
              Export fitted table (CSV)
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
