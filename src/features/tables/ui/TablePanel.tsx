import { BUNDLED_TABLES } from '../../../engine/lut/bundled';
import { chooseTable, uploadTable } from '../actions';
import { activateMade, activeTableCsv } from '../tool-actions';
import { useTableTools, useStudio } from '../../../app/store';
import { BundledTableList } from './BundledTableList';
import { downloadText } from '../../../shared/download';
import { TableMapping } from './TableMapping';

const MADE = 'made:';

export function TablePanel() {
  const table = useStudio((s) => s.table);
  const tableId = useStudio((s) => s.tableId);
  const failure = useStudio((s) => s.tableFailure);
  const status = useStudio((s) => s.status);
  const made = useTableTools((s) => s.made);
  const entry = BUNDLED_TABLES.find((t) => t.id === tableId);
  const madeActive = table?.source === 'csv' ? made.find((m) => m.name === table.id) : undefined;
  const selectValue = madeActive ? MADE + madeActive.name : table?.source === 'csv' ? '' : tableId;
  const choose = (v: string) => (v.startsWith(MADE) ? activateMade(v.slice(MADE.length)) : v && chooseTable(v));
  const exportActive = () => {
    const t = activeTableCsv();
    if (t) downloadText(`${t.name}.csv`, t.csv, 'text/csv');
  };
  return (
    <section className="card">
      <h2>Latency table</h2>
      <select
        aria-label="Bundled table"
        value={selectValue}
        onChange={(e) => choose(e.target.value)}
        style={{ width: '100%' }}
        disabled={status === 'loading'}
      >
        {table?.source === 'csv' && !madeActive && <option value="">(uploaded) {table.id}</option>}
        {made.length > 0 && (
          <optgroup label="made in this studio">
            {made.map((m) => (
              <option key={m.name} value={MADE + m.name}>
                {m.name}
              </option>
            ))}
          </optgroup>
        )}
        {(['small', 'imagenet'] as const).map((layout) => (
          <optgroup key={layout} label={layout === 'small' ? 'small layout (32×32 tables)' : 'imagenet layout (224×224 tables)'}>
            {BUNDLED_TABLES.filter((t) => t.layout === layout).map((t) => (
              <option key={t.id} value={t.id}>
                {t.device} · {t.layout}
                {t.measured ? '' : ' (estimate)'}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {entry && table?.source !== 'csv' && (
        <p className="hint" data-testid="table-description">
          <span className={`tag ${entry.measured ? 'measured' : 'estimate'}`}>{entry.measured ? 'measured' : 'estimate'}</span>{' '}
          {entry.description}
        </p>
      )}
      {madeActive?.table.source && (
        <p className="hint" data-testid="table-description">
          Made here: {madeActive.table.source}
        </p>
      )}
      <BundledTableList />
      <label className="field" style={{ marginTop: 8 }}>
        Latency table
        <input
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          aria-label="Latency table"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void uploadTable(f);
            e.target.value = '';
          }}
        />
      </label>
      <p className="hint">CSV: long (layer, block, latency_ms), wide (layer × block) or HW-NAS-Bench keys. Works during a run too.</p>
      <div className="small" data-testid="active-table" style={{ marginTop: 6 }}>
        Active: <strong>{table ? table.table.name : '—'}</strong>
        {table && (
          <span className="muted">
            {' '}
            · {table.format}
            {table.shapesMatch ? '' : ' · shapes differ from this space'}
          </span>
        )}
      </div>
      <TableMapping />
      <button type="button" style={{ marginTop: 6 }} disabled={!table} onClick={exportActive}>
        Export table (CSV)
      </button>
      {table && table.warnings.length > 0 && (
        <div className="warn-box" style={{ marginTop: 6 }}>
          {table.warnings.slice(0, 4).map((w, i) => (
            <div key={i}>{w}</div>
          ))}
          {table.warnings.length > 4 && <div>… {table.warnings.length - 4} more</div>}
        </div>
      )}
      {failure && (
        <div className="error-box" role="alert" data-testid="table-error" style={{ marginTop: 6 }}>
          {failure.name} was not loaded; the previous table stays active.
          {'\n'}
          {failure.issues.length
            ? failure.issues
                .slice(0, 6)
                .map(
                  (i) =>
                    `${i.line != null ? `line ${i.line}` : ''}${i.column != null ? ` column ${i.column}` : ''}${i.line != null || i.column != null ? ': ' : ''}${i.message}`,
                )
                .join('\n')
            : failure.message}
        </div>
      )}
    </section>
  );
}
