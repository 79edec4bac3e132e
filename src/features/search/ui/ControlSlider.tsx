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

/**
 * Dragging shows the value at once but commits only when the pointer is released, so one drag is one
 * logged change however long the hand rests on the way; arrow keys commit once they stop.
 */
export function ControlSlider({ label, help, value, min, max, step, disabled, onCommit }: Props) {
  const [draft, setDraft] = useState<number | null>(null);
  const latest = useRef<number | null>(null);
  const dragging = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const commit = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const v = latest.current;
    latest.current = null;
    setDraft(null);
    if (v != null && !sameNotch(v)) onCommit(v);
  };
  // The range input snaps a live value off its grid (an annealed τ of 3.633) to the nearest notch and
  // may report that as a change: it is the same value, not a second change of the user's.
  const sameNotch = (v: number) => Math.abs(v - value) <= step / 2 + 1e-9;
  const change = (v: number) => {
    if (!dragging.current && latest.current == null && sameNotch(v)) return;
    setDraft(v);
    latest.current = v;
    if (timer.current) clearTimeout(timer.current);
    if (!dragging.current) timer.current = setTimeout(commit, 400);
  };
  const release = () => {
    if (!dragging.current) return;
    dragging.current = false;
    commit();
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
        onPointerDown={() => {
          dragging.current = true;
        }}
        onPointerUp={release}
        onPointerCancel={release}
        onLostPointerCapture={release}
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
