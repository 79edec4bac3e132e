/**
 * The parts of tfjs's WebGPU backend (4.22) that the kernels here use. Typed by hand: the engine
 * never imports the WebGPU package statically, so Node and the cpu/wasm paths do not load it.
 */
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

/** A one-dimensional dispatch of WG-thread work-groups; tfjs and the dispatch counter know a program by its class name. */
abstract class FlatProgram implements WebGpuProgram {
  readonly dispatchLayout = { x: [0] };
  readonly workgroupSize: [number, number, number] = [WG, 1, 1];
  dispatch: [number, number, number];
  shaderKey: string;
  constructor(
    readonly outputShape: number[],
    workgroups: number,
    readonly variableNames: string[],
    readonly uniforms: string,
  ) {
    this.dispatch = [workgroups, 1, 1];
    this.shaderKey = `${new.target.name}`;
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
 * A program of `jobs` work-groups of WG threads that cooperate on one job each (a channel's
 * values and their sums, say): a reduction inside the dispatch that makes it, where an
 * element-wise program would need a second dispatch to read what the first wrote. The body
 * sees `job` (uniform across the work-group, so it may branch around barriers) and `lane`;
 * `wgSum(v)` sums v over the work-group and must be reached by every thread of it.
 */
export class WorkgroupProgram extends FlatProgram {
  /** The uniforms are `jobs` (the job count), then `moreUniforms`. */
  constructor(
    outputShape: number[],
    jobs: number,
    variableNames: string[],
    private readonly body: string,
    private readonly helpers = '',
    moreUniforms = '',
  ) {
    super(outputShape, jobs, variableNames, `jobs : i32, ${moreUniforms}`);
  }
  getUserCode(): string {
    return `${this.helpers}
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
