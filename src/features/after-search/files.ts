import { pytorchModule } from '../../engine/export/pytorch';
import type { RetrainEntry } from './slice';

export const fileStem = (name: string, id: number) => `${name.replace(/[^\w.-]+/g, '_')}-${id}`;

/** The fbnet-studio/arch@1 document of a retrained network, with what retraining measured. */
export function archDocument(e: RetrainEntry) {
  const o = e.outcome;
  return {
    format: 'fbnet-studio/arch@1' as const,
    name: e.name,
    space: e.space,
    blocks: e.blocks,
    ...(o
      ? {
          macs: o.macs,
          params: o.params,
          latencyMs: o.latencyMs,
          table: o.tableName,
          testAccuracy: o.testAccuracy,
          inferenceMs: o.inference.medianMs,
          inferenceBackend: o.inference.backend,
          retrain: { epochs: e.budget.epochs, trainSamples: o.trainSamples, testSamples: o.testSamples },
        }
      : {}),
  };
}

export function archJsonText(e: RetrainEntry): string {
  return `${JSON.stringify(archDocument(e), null, 1)}\n`;
}

export function pytorchText(e: RetrainEntry): string {
  return pytorchModule({ name: e.name, space: e.space, blocks: e.blocks });
}
