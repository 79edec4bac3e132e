import type { RetrainBudget } from '../../app/protocol';

/** The bundled Fashion-MNIST subset's training split. */
export const MAX_TRAIN_SAMPLES = 12000;
export const MAX_EPOCHS = 100;

/** Why `text` is not a valid value of a retrain budget field, or null; `batch` is the config's batch size. */
export function checkBudget(key: keyof RetrainBudget, text: string, batch: number): string | null {
  const v = Number(text.trim());
  const label = key === 'epochs' ? 'epochs' : 'train samples';
  if (text.trim() === '' || !Number.isInteger(v)) return `${label} must be a whole number, got “${text}”`;
  if (key === 'epochs' && (v < 1 || v > MAX_EPOCHS)) return `epochs must be between 1 and ${MAX_EPOCHS}, got ${v}`;
  if (key === 'trainSamples' && (v < batch || v > MAX_TRAIN_SAMPLES))
    return `train samples must be between the batch size (${batch}) and ${MAX_TRAIN_SAMPLES}, got ${v}`;
  return null;
}
