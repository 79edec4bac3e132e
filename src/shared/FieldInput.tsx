import { useEffect, useState } from 'react';

interface Props {
  label: string;
  value: unknown;
  disabled?: boolean;
  width?: number;
  /** Returns the refusal message, or null when the value was applied. */
  onCommit: (text: string) => string | null;
}

/** A text box that commits on Enter or blur; a refused value stays visible, marked, with the reason. */
export function FieldInput({ label, value, disabled, width, onCommit }: Props) {
  const shown = value == null ? '' : String(value);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(shown);
    setError(null);
  }, [shown]);
  const commit = () => {
    if (text === shown) return setError(null);
    setError(onCommit(text));
  };
  return (
    <input
      type="text"
      inputMode="decimal"
      aria-label={label}
      aria-invalid={error != null}
      title={error ?? undefined}
      className={error ? 'invalid' : undefined}
      value={text}
      disabled={disabled}
      style={width ? { width } : undefined}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}
