import { BLOCK_NAMES } from '../../../engine/space/blocks';
import { useStudio } from '../../../app/store';
import { SKIP_SOLID } from '../../../shared/colors';

/** The active table as layer × block, unmeasured cells flagged. */
export function TableGrid() {
  const table = useStudio((s) => s.table);
  if (!table) return null;
  const allowed = table.space.allowedBlocks;
  const missing = table.table.layers.reduce(
    (n, row, l) => n + row.filter((v, b) => v == null && (!allowed || allowed[l]?.includes(BLOCK_NAMES[b]))).length,
    0,
  );
  return (
    <section className="card">
      <h2>Latency table · {table.table.name}</h2>
      <p className="muted">
        ms per searched layer and block; fixed ops (stem, head, pool, fc) add {table.table.fixedMs.toFixed(3)} ms.{' '}
        {missing > 0 ? (
          <strong style={{ color: 'var(--error)' }}>{missing} cells missing (✕): an architecture using one has no table latency.</strong>
        ) : (
          'No cell is missing.'
        )}
      </p>
      <div className="lut-wrap">
        <table className="lut" data-testid="lut-grid">
          <thead>
            <tr>
              <th>layer</th>
              {BLOCK_NAMES.map((b) => (
                <th key={b} style={b === 'skip' ? { color: SKIP_SOLID } : undefined}>
                  {b}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.table.layers.map((row, l) => (
              <tr key={l}>
                <th>{l + 1}</th>
                {BLOCK_NAMES.map((b, i) => {
                  const v = row[i];
                  if (allowed && !allowed[l]?.includes(b))
                    return (
                      <td key={b} className="disallowed">
                        –
                      </td>
                    );
                  if (v == null)
                    return (
                      <td key={b} className="missing" title="missing">
                        ✕
                      </td>
                    );
                  return <td key={b}>{v.toFixed(3)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
