import type { ArchSummary } from '../../../app/protocol';
import { useStudio } from '../../../app/store';
import { RetrainButton } from './RetrainButton';

/** Retrain for an architecture of the finished search, in the space that search ran on. */
export function SearchArchRetrain({ arch }: { arch: ArchSummary }) {
  const result = useStudio((s) => s.result);
  if (!result) return null;
  return (
    <RetrainButton
      name={arch.name}
      source={result.argmax.name === arch.name ? 'argmax' : 'sample'}
      blocks={arch.blocks}
      space={result.space}
    />
  );
}
