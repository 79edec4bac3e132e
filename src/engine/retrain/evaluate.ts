import type { Dataset, Split } from '../data/dataset';
import { splitAccuracy } from '../data/batch';
import type { ChildNet } from '../nn/childnet';

/** Top-1 accuracy with BN running averages. */
export function evaluate(net: ChildNet, split: Split, d: Dataset, batchSize: number): Promise<number> {
  return splitAccuracy(d, split, batchSize, (x) => net.forward(x, false));
}
