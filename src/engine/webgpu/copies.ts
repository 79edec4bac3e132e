/**
 * FLAT_CONCAT, FLAT_SPLIT and FLAT_SLICES on WebGPU as buffer-to-buffer copies recorded in the backend's command
 * encoder: no compute dispatch and no host round trip. tfjs's own Concat binds at most seven inputs
 * per dispatch and its split is one Slice dispatch per part, which made the optimiser's flattening
 * of a supernet's thousand-odd variables thousands of dispatches per step.
 */
import type { tf } from '../runtime/tf';
import { FLAT_CONCAT, FLAT_SPLIT } from '../runtime/wasm-kernels';
import { bufferOf, sizeOf, type WebGpuBackend } from './backend-access';
import { FLAT_SLICES } from './names';

type Args = { inputs: Record<string, tf.TensorInfo> | tf.TensorInfo[]; attrs: Record<string, unknown>; backend: unknown };

/** Copies `parts` (tensor, offset in `flat` in elements) between each tensor and `flat`. */
function copy(backend: WebGpuBackend, flat: tf.TensorInfo, parts: [tf.TensorInfo, number][], into: 'flat' | 'parts'): void {
  const flatBuffer = bufferOf(backend, flat);
  const buffers = parts.map(([t]) => bufferOf(backend, t));
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  const encoder = backend.commandEncoder!;
  parts.forEach(([t, at], i) => {
    const bytes = 4 * sizeOf(t.shape);
    if (bytes === 0) return;
    if (into === 'flat') encoder.copyBufferToBuffer(buffers[i], 0, flatBuffer, 4 * at, bytes);
    else encoder.copyBufferToBuffer(flatBuffer, 4 * at, buffers[i], 0, bytes);
    // The buffers must outlive their tensors until the commands are submitted.
    backend.commandQueueOwnedIds.add(t.dataId);
  });
  backend.commandQueueOwnedIds.add(flat.dataId);
}

function offsets(shapes: number[][]): number[] {
  let at = 0;
  return shapes.map((s) => {
    const o = at;
    at += sizeOf(s);
    return o;
  });
}

function flatConcat({ inputs, backend }: Args): tf.TensorInfo {
  const xs = Array.isArray(inputs) ? inputs : Object.values(inputs);
  const b = backend as WebGpuBackend;
  const at = offsets(xs.map((x) => x.shape));
  const out = b.makeTensorInfo([xs.reduce((a, x) => a + sizeOf(x.shape), 0)], 'float32');
  copy(
    b,
    out,
    xs.map((x, i) => [x, at[i]]),
    'flat',
  );
  return out;
}

function flatSplit({ inputs, attrs, backend }: Args): tf.TensorInfo[] {
  const shapes = attrs.shapes as number[][];
  return flatSlices({ inputs, attrs: { shapes, offsets: offsets(shapes) }, backend });
}

function flatSlices({ inputs, attrs, backend }: Args): tf.TensorInfo[] {
  const x = (inputs as Record<string, tf.TensorInfo>).x;
  const b = backend as WebGpuBackend;
  const shapes = attrs.shapes as number[][];
  const at = attrs.offsets as number[];
  const outs = shapes.map((s) => b.makeTensorInfo(s, 'float32'));
  copy(
    b,
    x,
    outs.map((o, i) => [o, at[i]]),
    'parts',
  );
  return outs;
}

export const COPY_KERNELS: [string, (args: Args) => tf.TensorInfo | tf.TensorInfo[]][] = [
  [FLAT_CONCAT, flatConcat],
  [FLAT_SPLIT, flatSplit],
  [FLAT_SLICES, flatSlices],
];
