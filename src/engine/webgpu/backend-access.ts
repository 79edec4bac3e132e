/**
 * The parts of tfjs's WebGPU backend (4.22) that the kernels here use. Typed by hand: the engine
 * never imports the WebGPU package statically, so Node and the cpu/wasm paths do not load it.
 */
import { namesSoftwareAdapter } from '../runtime/adapter';
import type { tf } from '../runtime/tf';

export interface WebGpuProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[]; y?: number[]; z?: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  variableNames: string[];
  uniforms?: string;
  size?: boolean;
  getUserCode(): string;
}

export type Uniform = { type: 'float32' | 'int32' | 'uint32'; data: number[] };

interface GpuBufferLike {
  size: number;
}

export interface WebGpuBackend {
  adapterInfo?: { vendor?: string; architecture?: string };
  device: { lost: Promise<unknown>; destroy(): void };
  commandEncoder: {
    copyBufferToBuffer(src: GpuBufferLike, srcOffset: number, dst: GpuBufferLike, dstOffset: number, size: number): void;
  } | null;
  commandQueueOwnedIds: WeakSet<object>;
  tensorMap: { get(id: object): { resource?: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  uploadToGPU(dataId: object): void;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  runWebGPUProgram(program: WebGpuProgram, inputs: tf.TensorInfo[], dtype: tf.DataType, uniforms?: Uniform[]): tf.TensorInfo;
}

/** The tensor's GPU buffer, uploading its values first if they are still on the host. */
export function bufferOf(backend: WebGpuBackend, t: tf.TensorInfo): GpuBufferLike {
  backend.uploadToGPU(t.dataId);
  const r = backend.tensorMap.get(t.dataId).resource as GpuBufferLike | undefined;
  if (!r || typeof r.size !== 'number') throw new Error(`webgpu kernels: tensor ${t.shape.join('×')} is not held in a GPU buffer`);
  return r;
}

export const sizeOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** Work-group size of the programs here. */
export const WG = 64;

/** A one-dimensional dispatch of work-groups (WG threads unless told); tfjs and the dispatch counter know a program by its class name. */
abstract class FlatProgram implements WebGpuProgram {
  readonly dispatchLayout = { x: [0] };
  readonly workgroupSize: [number, number, number];
  dispatch: [number, number, number];
  shaderKey: string;
  constructor(
    readonly outputShape: number[],
    workgroups: number,
    readonly variableNames: string[],
    readonly uniforms: string,
    threads = WG,
  ) {
    this.workgroupSize = [threads, 1, 1];
    this.dispatch = [workgroups, 1, 1];
    this.shaderKey = `${new.target.name}_${threads}`;
  }
  abstract getUserCode(): string;
}

/**
 * A one-dimensional program over `n` threads (uniform `n`); a thread may write several outputs.
 * Subclasses only name the program.
 */
export class ElementwiseProgram extends FlatProgram {
  constructor(
    outputShape: number[],
    threads: number,
    variableNames: string[],
    uniforms: string,
    private readonly body: string,
    /** WGSL functions the body calls. */
    private readonly helpers = '',
  ) {
    super(outputShape, Math.ceil(threads / WG), variableNames, uniforms);
  }
  getUserCode(): string {
    return `${this.helpers}
      fn main(index : i32) {
        if (index < uniforms.n) {
          ${this.body}
        }
      }`;
  }
}

/**
 * Where the adapter is a CPU (SwiftShader, llvmpipe), a work-group runs as one coroutine per SIMD
 * group of 4 threads and every barrier switches between them: measured on SwiftShader, a 64-thread
 * work-group spent ~50 µs per barrier, so a 7-level tree reduction cost more than the arithmetic
 * of a small layer. There, a job gets one thread (`lanes` 1) and no barrier at all. On a GPU the
 * threads of a work-group share a job's rows and barriers are cheap.
 */
type WithAdapter = Pick<WebGpuBackend, 'adapterInfo'>;

/** The backend's adapter is a CPU (its vendor or architecture names one). */
export function onSoftwareAdapter(backend: WithAdapter): boolean {
  return namesSoftwareAdapter(backend.adapterInfo);
}

/** Threads per job of a WorkgroupProgram on this backend's adapter (tests may force either). */
export function jobLanes(backend: WithAdapter): number {
  if (forcedLanes) return forcedLanes;
  return onSoftwareAdapter(backend) ? 1 : WG;
}
let forcedLanes: number | null = null;
/** Makes jobLanes answer `lanes` (1 or WG) whatever the adapter; null restores the adapter's choice. */
export function forceJobLanes(lanes: 1 | typeof WG | null): void {
  forcedLanes = lanes;
}

/** Threads per work-group when each thread has a job of its own: several work-groups keep every core busy. */
const SOLO_WG = 16;

/**
 * A program of `jobs` jobs (a channel's values and their sums, say), each done by `lanes` threads:
 * a reduction inside the dispatch that makes it, where an element-wise program would need a
 * second dispatch to read what the first wrote. With WG lanes a job is a work-group whose threads
 * stride over its rows and `wgSum(v)` sums over the work-group (every thread must reach it; `job`
 * is uniform so the body may branch around it). With one lane a thread does a job alone and
 * `wgSum` is the identity. The body sees `job`, `lane` and `LANES` (the stride of its row loops).
 */
export class WorkgroupProgram extends FlatProgram {
  /** The uniforms are `jobs` (the job count), then `moreUniforms`. */
  constructor(
    outputShape: number[],
    readonly jobs: number,
    variableNames: string[],
    private readonly body: string,
    private readonly helpers = '',
    moreUniforms = '',
    private readonly lanes = WG,
  ) {
    const solo = lanes === 1;
    super(outputShape, solo ? Math.ceil(jobs / SOLO_WG) : jobs, variableNames, `jobs : i32, ${moreUniforms}`, solo ? SOLO_WG : WG);
    if (!solo && lanes !== WG) throw new Error(`WorkgroupProgram: ${lanes} lanes per job (1 or ${WG} supported)`);
  }
  getUserCode(): string {
    if (this.lanes === 1)
      return `${this.helpers}
      const LANES = 1;
      fn wgSum(v : f32) -> f32 { return v; }
      fn main(index : i32) {
        let job = index;
        if (job >= uniforms.jobs) { return; }
        let lane = 0;
        ${this.body}
      }`;
    return `${this.helpers}
      const LANES = ${WG};
      var<workgroup> partial : array<f32, ${WG}>;
      var<workgroup> jobSlot : i32;
      fn wgSum(v : f32) -> f32 {
        partial[localIndex] = v;
        workgroupBarrier();
        for (var s = ${WG / 2}u; s > 0u; s = s >> 1u) {
          if (localIndex < s) { partial[localIndex] = partial[localIndex] + partial[localIndex + s]; }
          workgroupBarrier();
        }
        let total = partial[0];
        workgroupBarrier();
        return total;
      }
      fn main(index : i32) {
        if (localIndex == 0u) { jobSlot = i32(workgroupId.x); }
        let job = workgroupUniformLoad(&jobSlot);
        // Also keeps the uniforms bound: a shader that never reads them loses their binding.
        if (job >= uniforms.jobs) { return; }
        let lane = i32(localIndex);
        ${this.body}
      }`;
  }
}
