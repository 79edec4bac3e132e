import { BLOCK_NAMES } from '../engine/blocks';
import { BLOCK_COLORS } from './colors';

/** The legend, plus the hatch pattern every skip fill refers to (SVG patterns are document-wide). */
export function BlockLegend() {
  return (
    <>
      <svg width="0" height="0" style={{ position: 'absolute' }} aria-hidden="true">
        <defs>
          <pattern id="skip-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#e5e7eb" />
            <rect width="3" height="6" fill="#6b7280" />
          </pattern>
        </defs>
      </svg>
      <div className="legend">
        {BLOCK_NAMES.map((b) => (
          <span key={b}>
            <span className={`swatch${b === 'skip' ? ' skip' : ''}`} style={b === 'skip' ? undefined : { background: BLOCK_COLORS[b] }} />
            {b}
          </span>
        ))}
        <span className="muted">outlined = argmax (named on the axis)</span>
      </div>
    </>
  );
}
