import { chooseSaved, removeSaved } from '../actions';
import { useDatasets } from '../../../app/store';

const size = (b: number) => (b < 1024 ? `${b} B` : b < 1024 ** 2 ? `${(b / 1024).toFixed(1)} KB` : `${(b / 1024 ** 2).toFixed(1)} MB`);

/** Uploads kept in this browser; one click brings one back, Delete frees its storage. */
export function SavedDatasets({ disabled }: { disabled: boolean }) {
  const saved = useDatasets((s) => s.saved);
  const activeId = useDatasets((s) => s.active?.id ?? null);
  if (!saved.length) return null;
  return (
    <div style={{ marginTop: 8 }}>
      <h3>Saved in this browser</h3>
      <ul className="saved-datasets" data-testid="saved-datasets">
        {saved.map((d) => (
          <li key={d.id} data-testid="saved-dataset">
            <span className="saved-name" title={d.label}>
              {d.id === activeId ? <strong>{d.label}</strong> : d.label}
            </span>
            <span className="muted">
              {d.format} · {d.numClasses} classes · {size(d.bytes)}
            </span>
            <span className="saved-actions">
              <button type="button" disabled={disabled || d.id === activeId} onClick={() => void chooseSaved(d.id)}>
                Use
              </button>
              <button
                type="button"
                className="danger"
                disabled={disabled}
                onClick={() => void removeSaved(d.id)}
                aria-label={`Delete ${d.label}`}
              >
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
