import { dismissNotice } from '../notices';
import { useStudio } from '../store';

export function Notices() {
  const notices = useStudio((s) => s.notices);
  if (!notices.length) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.level}`} data-testid="notice">
          <span>{n.text}</span>
          <button type="button" aria-label="Dismiss" onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
