/** The system's headless Chromium and its base flags, shared by the browser tests and the benches. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
/** A software (SwiftShader) WebGPU adapter where no GPU is present. */
export const WEBGPU_FLAG = '--enable-unsafe-webgpu';
