import { BLOCK_NAMES } from '../../../engine/space/blocks';
import { BLOCK_COLORS } from '../../../shared/colors';

export function BlockLegend() {
  return (
    <div className="legend">
      {BLOCK_NAMES.map((b) => (
        <span key={b}>
          <span className={`swatch${b === 'skip' ? ' skip' : ''}`} style={b === 'skip' ? undefined : { background: BLOCK_COLORS[b] }} />
          {b}
        </span>
      ))}
      <span className="muted">outlined = argmax (named on the axis)</span>
    </div>
  );
}
