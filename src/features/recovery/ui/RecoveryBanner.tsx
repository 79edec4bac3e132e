import './recovery.css';
import { dismissOffer, resumeRun } from '../actions';
import { useRecovery, useStudio } from '../../../app/store';
import { searchActive } from '../../search/status';

/** What must not be missed: an unfinished run to resume, a diverged run, a backend that was replaced. */
export function RecoveryBanner() {
  const offer = useRecovery((s) => s.offer);
  const divergence = useRecovery((s) => s.divergence);
  const recovering = useRecovery((s) => s.recovering);
  const storageError = useRecovery((s) => s.storageError);
  const status = useStudio((s) => s.status);
  const busy = searchActive(status);
  if (!offer && !divergence && !recovering && !storageError) return null;
  return (
    <div className="recovery">
      {offer && !busy && (
        <div className="banner info" data-testid="resume-offer">
          <div>
            <strong>An unfinished search was saved</strong> at step {offer.step} of {offer.totalSteps} (epoch {offer.epoch + 1},{' '}
            {new Date(offer.savedAt).toLocaleString()}): {offer.summary}, table {offer.tableName}.
          </div>
          <div className="row">
            <button type="button" className="primary" onClick={() => void resumeRun(offer.id)}>
              Resume search
            </button>
            <button type="button" onClick={dismissOffer}>
              Not now
            </button>
          </div>
        </div>
      )}
      {divergence && (
        <div className="banner error" role="alert" data-testid="divergence">
          <strong>The search diverged and was paused.</strong> {divergence.message}
          <div className="hint">
            {divergence.keptStep != null
              ? `The last good checkpoint (step ${divergence.keptStep}) is kept under Saved runs; the diverged state is not saved.`
              : 'No checkpoint was saved before the divergence.'}{' '}
            Change τ or the learning rate in Live controls, then Resume.
          </div>
        </div>
      )}
      {recovering && (
        <div className="banner warn" data-testid="recovering">
          <strong>Recovering:</strong> {recovering}. Restarting the search worker on the next backend…
        </div>
      )}
      {storageError && <div className="banner warn">{storageError}</div>}
    </div>
  );
}
