import { errorMessage } from '../errors';
/**
 * tfjs backends fail with terse native messages ("Aborted()", "Out of memory"); this turns the
 * ones users hit into advice about the search config.
 */
export function explainBackendError(err: unknown, backend: string): string {
  const raw = errorMessage(err);
  if (/Aborted\(|out of memory|memory access out of bounds|Cannot enlarge memory/i.test(raw)) {
    return (
      `the ${backend} backend ran out of memory (${raw.trim()}). The WebAssembly heap is limited to 4 GB and a ` +
      "mixture-mode step keeps every candidate block's activations: lower batchSize, inputSize or widthMultiplier, " +
      'restrict allowedBlocks, or use mode "sampled"'
    );
  }
  if (/Failed to compile fragment shader|WebGL|CONTEXT_LOST/i.test(raw) && backend === 'webgl') {
    return `the webgl backend failed (${raw.trim()}); try the wasm backend`;
  }
  return raw;
}
