import './tables.css';
import { BUNDLED_TABLES } from '../../../engine/lut/bundled';

/** One line per bundled table, so measured and estimated tables are told apart before choosing. */
export function BundledTableList() {
  return (
    <details style={{ marginTop: 6 }} data-testid="bundled-tables">
      <summary className="small">About the {BUNDLED_TABLES.length} bundled tables</summary>
      <ul className="hint" style={{ paddingLeft: 16, margin: '4px 0' }}>
        {BUNDLED_TABLES.map((t) => (
          <li key={t.id}>
            <strong>{t.id}</strong>{' '}
            <span className={`tag ${t.measured ? 'measured' : 'estimate'}`}>{t.measured ? 'measured' : 'estimate'}</span> {t.description}
          </li>
        ))}
      </ul>
    </details>
  );
}
