import { useStudio } from '../../../app/store';
import { dismissHarm, undoHarm } from '../actions';

/** Names the live change that made the loss jump, with a one-click undo. */
export function HarmBanner() {
  const harm = useStudio((s) => s.harm);
  if (!harm) return null;
  return (
    <div className="notice warn" role="alert" data-testid="harm-banner">
      <span>{harm.message}</span>{' '}
      <button type="button" className="small" onClick={undoHarm}>
        Undo
      </button>{' '}
      <button type="button" className="small" onClick={dismissHarm} aria-label="Dismiss">
        Keep it
      </button>
    </div>
  );
}
