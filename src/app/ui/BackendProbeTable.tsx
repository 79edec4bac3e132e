import { useStudio } from '../store';
import type { ProbeRow } from '../../engine/runtime/probe';

function timing(r: ProbeRow): string {
  if (r.status === 'ok' && r.msPerStep != null) return `${r.msPerStep < 10 ? r.msPerStep.toFixed(1) : Math.round(r.msPerStep)} ms/step`;
  return r.status;
}

/** What 'auto' measured on this browser: one probe step per backend, the fastest one marked. */
export function BackendProbeTable() {
  const probe = useStudio((s) => s.backend?.probe);
  const requested = useStudio((s) => s.backend?.requested);
  if (!probe) {
    return requested === 'auto' || requested == null ? null : <span className="muted small probe-note">chosen by hand</span>;
  }
  const best = probe.rows.find((r) => r.backend === probe.chosen);
  return (
    <details className="probe" data-testid="backend-probe">
      <summary>
        {best?.msPerStep != null ? `${best.backend} fastest · ${timing(best)}` : 'no backend measured'}
        {probe.cached ? ' (cached)' : ''}
      </summary>
      <div className="probe-pop">
        <table className="probe-table">
          <thead>
            <tr>
              <th>backend</th>
              <th>probe step</th>
            </tr>
          </thead>
          <tbody>
            {probe.rows.map((r) => (
              <tr key={r.backend} className={r.backend === probe.chosen ? 'chosen' : undefined} data-testid={`probe-${r.backend}`}>
                <td>{r.backend}</td>
                <td title={r.note}>
                  {timing(r)}
                  {r.note && r.status !== 'ok' ? ` (${r.note})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="muted">
          {probe.cached ? 'measured earlier in this browser' : 'measured on this page load'} ({new Date(probe.measuredAt).toLocaleString()}
          ); the selector overrides it
        </div>
      </div>
    </details>
  );
}
