import type { ControlKey } from '../../../engine/events';
import { currentConfig } from '../current-config';
import { setControl } from '../actions';
import { useStudio } from '../../../app/store';
import { ControlSlider } from './ControlSlider';
import { searchActive } from '../status';

/** The value a control has now: the newest change not yet seen in a step, else the newest step's. */
function useLiveValue(key: 'alpha' | 'beta' | 'tau', configured: number): number {
  return useStudio((s) => {
    const last = s.rows[s.rows.length - 1];
    const active = s.run && searchActive(s.status);
    if (!active) return configured;
    for (let i = s.controls.length - 1; i >= 0; i--) {
      const c = s.controls[i];
      if (c.key !== key) continue;
      if (c.value != null && (!last || c.step > last.step)) return c.value;
      break;
    }
    return last ? last[key] : configured;
  });
}

export function LiveControls() {
  useStudio((s) => s.overrides);
  const status = useStudio((s) => s.status);
  const running = status === 'running' || status === 'paused';
  const cfg = currentConfig();
  const tau = useLiveValue('tau', cfg.tau0 ?? 5);
  const alpha = useLiveValue('alpha', cfg.alpha ?? 0.2);
  const beta = useLiveValue('beta', cfg.beta ?? 0.6);
  const commit = (key: ControlKey) => (v: number) => setControl(key, v);
  return (
    <section className="card">
      <h2>Live controls</h2>
      <ControlSlider label="Temperature τ" value={tau} min={0.05} max={10} step={0.05} onCommit={commit('tau')} disabled={status === 'stopping'} />
      <ControlSlider label="α" value={alpha} min={0.01} max={2} step={0.01} onCommit={commit('alpha')} disabled={status === 'stopping'} />
      <ControlSlider label="β" value={beta} min={0} max={2} step={0.01} onCommit={commit('beta')} disabled={status === 'stopping'} />
      <div className="row" style={{ justifyContent: 'space-between', marginTop: 4 }}>
        <span className="hint">
          {running
            ? 'Changes apply at the next step and are logged.'
            : 'Before a run these set the initial τ, α and β.'}{' '}
          {cfg.lossForm === 'additive' ? 'Additive loss: α trades accuracy for latency.' : 'Paper loss CE·α·(log LAT)^β: β trades accuracy for latency; α only rescales.'}
        </span>
        {running && (
          <button className="small" onClick={() => setControl('tau', null)} title="Return τ to its annealing schedule">
            τ schedule
          </button>
        )}
      </div>
    </section>
  );
}
