import { useAfterSearch } from '../../../app/store';
import { RetrainedRow } from './RetrainedRow';

export function RetrainedList() {
  const retrains = useAfterSearch((s) => s.retrains);
  return (
    <div data-testid="retrained-list">
      <h3>Retrained from scratch</h3>
      {retrains.length === 0 ? (
        <p className="muted">
          Retrain the argmax, a sample, a reference or a study's network: each trains as a plain network on the current dataset. Retrains
          queue behind each other; while a search runs they are refused.
        </p>
      ) : (
        [...retrains].reverse().map((e) => <RetrainedRow key={e.id} e={e} />)
      )}
    </div>
  );
}
