import { BUNDLED_TABLES } from '../engine/lut/bundled';
import { chooseTable, uploadTable } from '../state/actions';
import { useStudio } from '../state/store';

export function TablePanel() {
  const table = useStudio((s) => s.table);
  const tableId = useStudio((s) => s.tableId);
  const failure = useStudio((s) => s.tableFailure);
  const status = useStudio((s) => s.status);
  const entry = BUNDLED_TABLES.find((t) => t.id === tableId);
  const selectValue = table?.source === 'csv' ? '' : tableId;
  return (
    <section className="card">
      <h2>Latency table</h2>
      <select aria-label="Bundled table" value={selectValue} onChange={(e) => e.target.value && chooseTable(e.target.value)} style={{ width: '100%' }} disabled={status === 'loading'}>
        {table?.source === 'csv' && <option value="">(uploaded) {table.id}</option>}
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
      {entry && table?.source !== 'csv' && <p className="hint">{entry.description}</p>}
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
        {table && <span className="muted"> · {table.format}{table.shapesMatch ? '' : ' · shapes differ from this space'}</span>}
      </div>
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
                .map((i) => `${i.line != null ? `line ${i.line}` : ''}${i.column != null ? ` column ${i.column}` : ''}${i.line != null || i.column != null ? ': ' : ''}${i.message}`)
                .join('\n')
            : failure.message}
        </div>
      )}
    </section>
  );
}
