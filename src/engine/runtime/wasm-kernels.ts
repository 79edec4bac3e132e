/**
 * Faster Slice, SplitV, Concat and Transpose for tfjs's wasm backend. Its own Slice copies the WHOLE input out
 * of the wasm heap before taking the slice (so splitting a tensor in n parts copies it n times),
 * and Slice and Concat copy row by row through a fresh subarray per row. These copy straight
 * within the heap with copyWithin. A fused supernet layer splits and joins activations along the
 * channel axis every step, so this was a tenth of a search step on wasm.
 */
import { tf } from './tf';

/** The slice of the wasm backend this module touches. */
interface WasmBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(id: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

const BYTES: Partial<Record<tf.DataType, number>> = { float32: 4, int32: 4, bool: 1 };

/** The tensor's offset in the heap, in elements of its own size. */
function offsetOf(backend: WasmBackend, t: tf.TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset / BYTES[t.dtype]!;
}

/** A view of the heap in the tensor's element size, and the tensor's offset in it. */
function view(backend: WasmBackend, t: tf.TensorInfo): { heap: Float32Array | Uint8Array; at: number } {
  const buffer = backend.wasm.HEAPU8.buffer;
  return { heap: BYTES[t.dtype] === 4 ? new Float32Array(buffer) : new Uint8Array(buffer), at: offsetOf(backend, t) };
}

/** Runs shorter than this are copied element by element: copyWithin's call costs more (measured). */
const SHORT_RUN = 12;

function copyRun(heap: Float32Array | Uint8Array, to: number, from: number, run: number): void {
  if (run >= SHORT_RUN) heap.copyWithin(to, from, from + run);
  else for (let j = 0; j < run; j++) heap[to + j] = heap[from + j];
}

function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
}

function sliceInto(backend: WasmBackend, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const n = size.reduce((a, b) => a * b, 1);
  if (n === 0) return out;
  // Views after makeOutput: allocating may grow the heap and detach older views.
  const src = view(backend, x);
  const dst = view(backend, out);
  const st = strides(x.shape);
  // The innermost axes that are taken whole form one contiguous run.
  let inner = x.shape.length - 1;
  let run = size[inner];
  while (inner > 0 && size[inner] === x.shape[inner]) run *= size[--inner];
  const outer = size.slice(0, inner);
  const idx = new Array<number>(inner).fill(0);
  const total = n / run;
  let base = src.at;
  for (let a = 0; a < x.shape.length; a++) base += begin[a] * st[a];
  for (let k = 0, o = dst.at; k < total; k++, o += run) {
    let from = base;
    for (let a = 0; a < inner; a++) from += idx[a] * st[a];
    copyRun(src.heap, o, from, run);
    for (let a = inner - 1; a >= 0 && ++idx[a] === outer[a]; a--) idx[a] = 0;
  }
  return out;
}

type KernelArgs = { inputs: Record<string, tf.TensorInfo> | tf.TensorInfo[]; attrs: Record<string, unknown>; backend: unknown };

function slice({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const x = (inputs as Record<string, tf.TensorInfo>).x;
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin as number[], attrs.size as number[]);
  return sliceInto(backend as WasmBackend, x, begin, size);
}

function splitV({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const x = (inputs as Record<string, tf.TensorInfo>).x;
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, attrs.numOrSizeSplits as number[], axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const out = sliceInto(backend as WasmBackend, x, begin, size);
    begin[axis] += s;
    return out;
  });
}

function concat({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const xs = (inputs as tf.TensorInfo[]).filter((t) => t.shape.every((d) => d > 0));
  const all = inputs as tf.TensorInfo[];
  const axis = tf.util.parseAxisParam(attrs.axis as number, all[0].shape)[0];
  const shape = tf.backend_util.computeOutShape(
    all.map((t) => t.shape),
    axis,
  );
  const b = backend as WasmBackend;
  const out = b.makeOutput(shape, all[0].dtype);
  if (xs.length === 0) return out;
  const outer = shape.slice(0, axis).reduce((a, c) => a * c, 1);
  const inner = xs.map((t) => t.shape.slice(axis).reduce((a, c) => a * c, 1));
  const row = inner.reduce((a, c) => a + c, 0);
  const dst = view(b, out);
  const srcs = xs.map((t) => offsetOf(b, t));
  for (let r = 0; r < outer; r++) {
    let o = dst.at + r * row;
    for (let i = 0; i < xs.length; i++) {
      const from = srcs[i] + r * inner[i];
      copyRun(dst.heap, o, from, inner[i]);
      o += inner[i];
    }
  }
  return out;
}

/**
 * Transpose: axes that stay neighbours are merged, then either whole rows move (the last axis
 * stays last) or a scalar loop walks the output in order. wasm's own kernel took ~8 ns an element.
 */
function transpose({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const x = (inputs as Record<string, tf.TensorInfo>).x;
  const perm = attrs.perm as number[];
  const b = backend as WasmBackend;
  const out = b.makeOutput(
    perm.map((p) => x.shape[p]),
    x.dtype,
  );
  const n = x.shape.reduce((a, c) => a * c, 1);
  if (n === 0) return out;
  // Merge runs of input axes that appear consecutively in perm.
  const groups: number[][] = [];
  for (const p of perm) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1] + 1 === p) last.push(p);
    else groups.push([p]);
  }
  const order = groups.map((g) => g[0]).sort((a, c) => a - c);
  const inShape = order.map((first) => groups.find((g) => g[0] === first)!.reduce((a, ax) => a * x.shape[ax], 1));
  const outPerm = groups.map((g) => order.indexOf(g[0]));
  const st = strides(inShape);
  const outShape = outPerm.map((p) => inShape[p]);
  const src = view(b, x);
  const dst = view(b, out);
  const k = outShape.length;
  if (k === 1) {
    src.heap.copyWithin(dst.at, src.at, src.at + n);
    return out;
  }
  if (k === 2 || (k === 3 && outPerm[0] === 0)) {
    const batch = k === 3 ? outShape[0] : 1;
    const [rows, cols] = k === 3 ? [inShape[1], inShape[2]] : inShape;
    for (let b0 = 0; b0 < batch; b0++) transposeTiles(src.heap, src.at + b0 * rows * cols, dst.heap, dst.at + b0 * rows * cols, rows, cols);
    return out;
  }
  const rowLast = outPerm[k - 1] === inShape.length - 1;
  const inner = outShape[k - 1];
  const innerStride = rowLast ? 1 : st[outPerm[k - 1]];
  const idx = new Array<number>(k - 1).fill(0);
  const heapIn = src.heap;
  const heapOut = dst.heap;
  for (let o = dst.at, end = dst.at + n; o < end; o += inner) {
    let from = src.at;
    for (let a = 0; a < k - 1; a++) from += idx[a] * st[outPerm[a]];
    if (rowLast && inner >= 16) heapIn.copyWithin(o, from, from + inner);
    else for (let j = 0; j < inner; j++) heapOut[o + j] = heapIn[from + j * innerStride];
    for (let a = k - 2; a >= 0 && ++idx[a] === outShape[a]; a--) idx[a] = 0;
  }
  return out;
}

/** [rows, cols] → [cols, rows] in 32×32 tiles, so both sides stay in cache. */
function transposeTiles(
  heapIn: Float32Array | Uint8Array,
  a: number,
  heapOut: Float32Array | Uint8Array,
  b: number,
  rows: number,
  cols: number,
): void {
  const T = 32;
  for (let r0 = 0; r0 < rows; r0 += T) {
    const r1 = Math.min(r0 + T, rows);
    for (let c0 = 0; c0 < cols; c0 += T) {
      const c1 = Math.min(c0 + T, cols);
      for (let c = c0; c < c1; c++) {
        const o = b + c * rows;
        for (let r = r0; r < r1; r++) heapOut[o + r] = heapIn[a + r * cols + c];
      }
    }
  }
}

/** Every input, whole, one after another: [Σ sizes]. */
function flatConcat({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const xs = inputs as tf.TensorInfo[];
  const b = backend as WasmBackend;
  const total = xs.reduce((a, t) => a + t.shape.reduce((p, d) => p * d, 1), 0);
  const out = b.makeOutput([total], 'float32');
  const dst = view(b, out);
  let o = dst.at;
  for (const t of xs) {
    const n = t.shape.reduce((p, d) => p * d, 1);
    const from = offsetOf(b, t);
    dst.heap.copyWithin(o, from, from + n);
    o += n;
  }
  return out;
}

/** A flat vector cut into consecutive tensors of the given shapes. */
function flatSplit({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const x = (inputs as Record<string, tf.TensorInfo>).x;
  const b = backend as WasmBackend;
  const outs = (attrs.shapes as number[][]).map((shape) => b.makeOutput(shape, 'float32'));
  const src = view(b, x);
  let from = src.at;
  for (const out of outs) {
    const n = out.shape.reduce((p, d) => p * d, 1);
    src.heap.copyWithin(offsetOf(b, out), from, from + n);
    from += n;
  }
  return outs;
}

export const FLAT_CONCAT = 'FbnetFlatConcat';
export const FLAT_SPLIT = 'FbnetFlatSplit';

/** Kernels kept for the dtypes these copies do not handle (complex64, string). */
const originals = new Map<string, tf.KernelFunc>();

function override(name: string, f: (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[]): void {
  const own = tf.getKernel(name, 'wasm');
  if (!own) return;
  if (!originals.has(name)) originals.set(name, own.kernelFunc);
  const fallback = originals.get(name)!;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    // wasm's other kernels call the original directly (Sum transposes through it): its setup must still run.
    setupFunc: own.setupFunc,
    kernelFunc: ((args: KernelArgs) => {
      const ts = Array.isArray(args.inputs) ? args.inputs : Object.values(args.inputs);
      return ts.every((t) => BYTES[t.dtype] != null) ? f(args) : fallback(args as never);
    }) as unknown as tf.KernelFunc,
  });
}

/** Replaces the wasm backend's copy kernels; call once the wasm backend is registered. */
export function registerWasmCopyKernels(): void {
  override('Slice', slice);
  override('SplitV', splitV);
  override('Concat', concat);
  override('Transpose', transpose);
  for (const [name, f] of [
    [FLAT_CONCAT, flatConcat],
    [FLAT_SPLIT, flatSplit],
  ] as const) {
    if (!tf.getKernel(name, 'wasm'))
      tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: f as unknown as tf.KernelFunc });
  }
}
