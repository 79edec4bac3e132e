import { PRESETS } from '../../../engine/search/presets';
import { setPreset } from '../actions';
import { useStudio } from '../../../app/store';
import { searchActive } from '../status';

export function PresetPicker() {
  const presetId = useStudio((s) => s.presetId);
  const status = useStudio((s) => s.status);
  const busy = searchActive(status);
  const preset = PRESETS.find((p) => p.id === presetId);
  return (
    <section className="card">
      <h2>Preset</h2>
      <select aria-label="Preset" value={presetId} disabled={busy} onChange={(e) => setPreset(e.target.value)} style={{ width: '100%' }}>
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      {preset && (
        <p className="preset-desc" data-testid="preset-description" title={preset.description}>
          {preset.description}
        </p>
      )}
    </section>
  );
}
