import { useEffect, useRef, useState } from 'react';
import { FieldInput } from '../../../shared/FieldInput';

interface Props {
  label: string;
  /** What the control does, shown on hover. */
  help?: string;
  value: number;
  min: number;
  max: number;
  step: number;
  disabled?: boolean;
  /** Returns the refusal message, or null when accepted. */
  onCommit: (v: number) => string | null;
}

/** Dragging shows the value at once but commits only when the hand rests, so one drag is one logged change. */
export function ControlSlider({ label, help, value, min, max, step, disabled, onCommit }: Props) {
  const [draft, setDraft] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const change = (v: number) => {
    setDraft(v);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      setDraft(null);
      if (v !== value) onCommit(v);
    }, 300);
  };
  const shown = draft ?? value;
  return (
    <div className="slider" title={help}>
      <span>{label}</span>
      <input
        type="range"
        aria-label={label}
        min={min}
        max={max}
        step={step}
        value={Math.min(max, Math.max(min, shown))}
        disabled={disabled}
        onChange={(e) => change(Number(e.target.value))}
      />
      <FieldInput
        label={`${label} value`}
        value={+shown.toPrecision(4)}
        disabled={disabled}
        onCommit={(t) => {
          const v = Number(t);
          if (t.trim() === '' || !Number.isFinite(v)) return onCommit(NaN);
          return onCommit(v);
        }}
      />
    </div>
  );
}
