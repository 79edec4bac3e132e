import { setBudget } from '../actions';
import { useAfterSearch } from '../../../app/store';
import { FieldInput } from '../../../shared/FieldInput';

/** The budget every new retrain gets; batch size, learning rate (w), test samples and seed come from the config. */
export function RetrainBudget() {
  const budget = useAfterSearch((s) => s.budget);
  return (
    <div className="row small" data-testid="retrain-budget">
      <strong>Retrain budget</strong>
      <label className="row">
        epochs <FieldInput label="retrain epochs" value={budget.epochs} width={56} onCommit={(t) => setBudget('epochs', t)} />
      </label>
      <label className="row">
        train samples{' '}
        <FieldInput label="retrain train samples" value={budget.trainSamples} width={72} onCommit={(t) => setBudget('trainSamples', t)} />
      </label>
      <span className="muted">batch size, w learning rate, test samples and seed: from the config</span>
    </div>
  );
}
