import { useStudio } from '../store';
import type { ProbeRow } from '../../engine/runtime/probe';

const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;

function timing(r: ProbeRow): string {
  if (r.status === 'ok' && r.msPerStep != null) return ms(r.msPerStep);
  return r.status;
}

/**
 * What 'auto' measured on this browser: one probe step per backend, the fastest one marked. The
 * probe trains a tiny supernet, so its milliseconds are worded as the probe's, never as the search's
 * step time (that is the readout's ms / step).
 */
export function BackendProbeTable() {
  const probe = useStudio((s) => s.backend?.probe);
  const requested = useStudio((s) => s.backend?.requested);
  if (!probe) {
    return requested === 'auto' || requested == null ? null : <span className="muted small probe-note">chosen by hand</span>;
  }
  const best = probe.rows.find((r) => r.backend === probe.chosen);
  const unmeasured = probe.rows.filter((r) => r.status === 'skipped' && r.backend !== 'webgpu').map((r) => r.backend);
  return (
    <details className="probe" data-testid="backend-probe">
      <summary title="Click for every backend's probe">
        {best?.msPerStep != null ? `auto picked ${best.backend} · probe on a tiny net ${timing(best)}` : 'no backend measured'}
        {probe.cached ? ' (cached)' : ''}
      </summary>
      <div className="probe-pop">
        <table className="probe-table">
          <thead>
            <tr>
              <th>backend</th>
              <th>probe step (tiny net)</th>
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
          ); the selector overrides it. A probe step trains a tiny test network: the search’s own step time is the readout’s ms / step.
          {unmeasured.length > 0 && ` The search started before ${unmeasured.join(' and ')} were measured; the next visit measures them.`}
        </div>
      </div>
    </details>
  );
}
