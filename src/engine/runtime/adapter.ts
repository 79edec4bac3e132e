/** WebGPU adapters that are a CPU, not a GPU: by the names their drivers report. */
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|software|basic render/i;

/** True when an adapter's vendor, architecture or description names a software (CPU) driver. */
export function namesSoftwareAdapter(info: { vendor?: string; architecture?: string; description?: string } | undefined): boolean {
  return SOFTWARE_ADAPTER.test(`${info?.vendor ?? ''} ${info?.architecture ?? ''} ${info?.description ?? ''}`);
}
