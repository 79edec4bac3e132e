import { useEffect, useMemo, useRef, useState } from 'react';
import { denseTable } from '../../../engine/lut/latency';
import type { ControlKey } from '../../../engine/search/events';
import { resolveTargetMs } from '../../../engine/search/target';
import { SLIDERS, targetSlider } from '../../../engine/search/controls';
import { allowedMask } from '../../../engine/space/space';
import { useStudio } from '../../../app/store';
import { setControl } from '../actions';
import { currentConfig } from '../current-config';
import { searchActive } from '../status';
import { controlHelp } from './control-help';
import { ControlSlider } from './ControlSlider';
import { HarmBanner } from './HarmBanner';

/**
 * True from the end of a run until the config is edited: the sliders then keep showing the values
 * the run ended with (as the readout does) instead of snapping back to the configured ones.
 */
function useRunEnded(): boolean {
  const status = useStudio((s) => s.status);
  const overrides = useStudio((s) => s.overrides);
  const [endedWith, setEndedWith] = useState<object | null>(null);
  const wasActive = useRef(false);
  useEffect(() => {
    const active = searchActive(status);
    if (wasActive.current && !active) setEndedWith(useStudio.getState().overrides);
    if (active) setEndedWith(null);
    wasActive.current = active;
  }, [status]);
  return endedWith !== null && endedWith === overrides;
}

/** The value a control has now: the newest change not yet seen in a step, else the newest step's. */
function useLiveValue(key: 'alpha' | 'beta' | 'tau' | 'targetMs', configured: number, ended: boolean): number {
  return useStudio((s) => {
    const last = s.rows[s.rows.length - 1];
    const active = s.run && searchActive(s.status);
    if (!active) return ended && last ? (last[key] ?? configured) : configured;
    for (let i = s.controls.length - 1; i >= 0; i--) {
      const c = s.controls[i];
      if (c.key !== key) continue;
      if (c.value != null && (!last || c.step > last.step)) return c.value;
      break;
    }
    return (last ? last[key] : null) ?? configured;
  });
}

/** The target form's T for the active table, and the slider's range (cheapest to slowest network). */
function useTarget(configured: number | undefined) {
  const active = useStudio((s) => s.table);
  // Re-rendered on every step while searching: the table only changes when a new one is made active.
  return useMemo(() => {
    if (!active) return null;
    const lut = denseTable(active.table);
    const mask = allowedMask(active.space);
    return { value: resolveTargetMs(configured, lut, mask, active.table.fixedMs), range: targetSlider(lut, mask, active.table.fixedMs) };
  }, [active, configured]);
}

const FORM_HINT = {
  paper: 'Paper loss CE·α·(log LAT_µs)^β: β trades accuracy for latency; α only rescales.',
  additive: 'Additive loss CE + α·(log LAT_µs)^β: α trades accuracy for latency.',
  target: 'Target loss CE·max(1, E[LAT]/T)^β: the search pushes E[LAT] down to T, then lets accuracy decide.',
} as const;

export function LiveControls() {
  useStudio((s) => s.overrides);
  const status = useStudio((s) => s.status);
  const running = status === 'running' || status === 'paused';
  const cfg = currentConfig();
  const form = cfg.lossForm ?? 'paper';
  const ended = useRunEnded();
  const tau = useLiveValue('tau', cfg.tau0 ?? 5, ended);
  const alpha = useLiveValue('alpha', cfg.alpha ?? 0.2, ended);
  const beta = useLiveValue('beta', cfg.beta ?? 0.6, ended);
  const target = useTarget(cfg.targetMs);
  const targetMs = useLiveValue('targetMs', target?.value ?? 0, ended);
  const commit = (key: ControlKey) => (v: number) => setControl(key, v);
  const off = status === 'stopping';
  return (
    <section className="card">
      <h2>Live controls</h2>
      <HarmBanner />
      <ControlSlider
        label="Temperature τ"
        help={controlHelp('tau', form)}
        value={tau}
        {...SLIDERS.tau}
        onCommit={commit('tau')}
        disabled={off}
      />
      {form !== 'target' && (
        <ControlSlider
          label="α"
          help={controlHelp('alpha', form)}
          value={alpha}
          {...SLIDERS.alpha}
          onCommit={commit('alpha')}
          disabled={off}
        />
      )}
      <ControlSlider label="β" help={controlHelp('beta', form)} value={beta} {...SLIDERS.beta} onCommit={commit('beta')} disabled={off} />
      {form === 'target' && target && (
        <ControlSlider
          label="Target latency (ms)"
          help={controlHelp('targetMs', form)}
          value={targetMs}
          {...target.range}
          onCommit={commit('targetMs')}
          disabled={off}
        />
      )}
      <div className="row" style={{ justifyContent: 'space-between', marginTop: 4 }}>
        <span className="hint">
          {running
            ? 'Changes apply at the next step and are logged.'
            : ended
              ? 'The values the last run ended with; a change sets the next run’s initial value.'
              : 'Before a run these set the initial values.'}{' '}
          {FORM_HINT[form]}
        </span>
        {running && (
          <button type="button" className="small" onClick={() => setControl('tau', null)} title="Return τ to its annealing schedule">
            τ schedule
          </button>
        )}
      </div>
    </section>
  );
}
