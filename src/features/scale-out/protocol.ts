/** The scale-out part of the page ↔ worker protocol (joined into src/app/protocol.ts). */
import type { SearchConfigInput } from '../../engine/schemas';

export type ScaleOutCommand =
  /** The PyTorch search package for this config on the worker's active table and dataset, as a .zip. */
  { type: 'searchPackage'; requestId: number; config: SearchConfigInput };

export type ScaleOutMessage =
  | { type: 'searchPackage'; requestId: number; name: string; zip: Uint8Array }
  | { type: 'searchPackageError'; requestId: number; message: string };
