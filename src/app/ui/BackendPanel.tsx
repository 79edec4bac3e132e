import { setBackend } from '../boot';
import { useStudio } from '../store';
import { BACKEND_NAMES, isBackendChoice } from '../protocol';
import { BackendProbeTable } from './BackendProbeTable';
import { searchActive } from '../../features/search/status';

export function BackendPanel() {
  const choice = useStudio((s) => s.backendChoice);
  const backend = useStudio((s) => s.backend);
  const status = useStudio((s) => s.status);
  const busy = searchActive(status);
  const a = backend?.adapter;
  const gpu = !a
    ? 'probing…'
    : !a.available
      ? 'no WebGPU adapter'
      : `${[a.vendor, a.architecture].filter(Boolean).join(' / ') || a.description || 'unnamed adapter'}${a.fallback ? ' (fallback adapter, not a GPU)' : ''}`;
  const failed = backend?.attempts.filter((t) => !t.ok) ?? [];
  return (
    <div className="row small">
      <label>
        Backend{' '}
        <select
          aria-label="Backend"
          value={choice}
          disabled={busy}
          onChange={(e) => isBackendChoice(e.target.value) && setBackend(e.target.value)}
        >
          <option value="auto">auto</option>
          {BACKEND_NAMES.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <span
        className={`badge ${backend?.active ? 'ok' : 'warn'}`}
        data-testid="active-backend"
        title={failed.map((f) => `${f.name}: ${f.error}`).join('\n')}
      >
        {backend ? (backend.active ?? 'none') : choice === 'auto' ? 'starting… (measuring backends)' : 'starting…'}
      </span>
      <span className="badge" data-testid="gpu-adapter" title={a?.description}>
        GPU: {gpu}
      </span>
      <BackendProbeTable />
    </div>
  );
}
