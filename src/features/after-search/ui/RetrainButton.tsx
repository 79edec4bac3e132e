import type { BlockName } from '../../../engine/space/blocks';
import type { Space } from '../../../engine/space/space';
import type { RetrainSource } from '../../../app/protocol';
import { retrainArch, retrainBlocked } from '../actions';
import { useAfterSearch, useStudio } from '../../../app/store';

interface Props {
  name: string;
  source: RetrainSource;
  blocks: BlockName[];
  space: Space | null | undefined;
}

/** Queues a from-scratch retrain of one architecture; disabled (with the reason) while a search or study runs. */
export function RetrainButton({ name, source, blocks, space }: Props) {
  useStudio((s) => s.status);
  useAfterSearch((s) => s.study.state);
  const blocked = space ? retrainBlocked() : 'the space is not known yet';
  return (
    <button
      type="button"
      className="retrain-btn"
      disabled={blocked != null}
      title={blocked ?? `Retrain ${name} from scratch with the retrain budget`}
      aria-label={`Retrain ${name}`}
      onClick={() => space && retrainArch({ name, source, blocks, space })}
    >
      Retrain
    </button>
  );
}
