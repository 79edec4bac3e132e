import { currentConfig } from '../current-config';
import { resetField, setField } from '../actions';
import { FIELDS, presetById, SCHEMA_DEFAULTS, type FieldDef } from '../config';
import { useStudio } from '../../../app/store';
import { FieldInput } from '../../../shared/FieldInput';
import { searchActive } from '../status';

const PANEL_KEYS = new Set([
  'space',
  'inputSize',
  'widthMultiplier',
  'headChannels',
  'epochs',
  'warmupEpochs',
  'batchSize',
  'trainSamples',
  'testSamples',
  'wLr',
  'thetaLr',
  'lossForm',
  'targetMs',
  'schedule',
  'thetaEvery',
  'tauSchedule',
  'samples',
  'mode',
  'tau0',
  'tauDecay',
]);

function Field({ def, disabled }: { def: FieldDef; disabled: boolean }) {
  const overrides = useStudio((s) => s.overrides);
  const presetId = useStudio((s) => s.presetId);
  const cfg = currentConfig();
  const value = (cfg as Record<string, unknown>)[def.key] ?? SCHEMA_DEFAULTS[def.key];
  const overridden = def.key in overrides;
  const presetValue = (presetById(presetId)?.config as Record<string, unknown> | undefined)?.[def.key];
  return (
    <label className="field" title={def.hint}>
      <span className={overridden ? 'overridden' : undefined}>
        {def.label}
        {overridden && (
          <button
            type="button"
            aria-label={`Reset ${def.label}`}
            title={`back to the preset (${presetValue ?? 'default'})`}
            onClick={(e) => {
              e.preventDefault();
              resetField(def.key);
            }}
            style={{ border: 'none', padding: '0 4px', fontSize: 11 }}
          >
            ↺
          </button>
        )}
      </span>
      {def.kind === 'enum' ? (
        <select
          aria-label={def.label}
          value={String(value ?? def.options?.[0])}
          disabled={disabled}
          onChange={(e) => setField(def.key, e.target.value)}
        >
          {def.options?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : (
        <FieldInput label={def.label} value={value ?? ''} disabled={disabled} onCommit={(t) => setField(def.key, t)} />
      )}
    </label>
  );
}

export function ConfigPanel() {
  const status = useStudio((s) => s.status);
  const busy = searchActive(status);
  return (
    <section className="card">
      <h2>Config</h2>
      <div className="fields">
        {FIELDS.filter((f) => PANEL_KEYS.has(f.key)).map((f) => (
          <Field key={f.key} def={f} disabled={busy} />
        ))}
      </div>
      <p className="hint" style={{ marginTop: 8 }}>
        Edited values (highlighted) override the preset and are kept in the page link, so the link reproduces the run.
      </p>
    </section>
  );
}
