/**
 * The convolutional candidates of one mixture layer on WebGPU: Σ_k wts[:, k] · BN3(project_k(
 * ReLU(BN2(depthwise_k(shuffle(ReLU(BN1(expand_k(x)))))))) in four dispatches forward and four
 * backward, with training BatchNorm (batch statistics). The same function as the tfjs
 * ops of FusedLayer.convTerm (tested against the cpu backend); the layer's weights enter as one
 * flat vector made by buffer copies, and their gradient leaves the same way.
 */
import { tf } from '../runtime/tf';
import { weightGradsAreSkipped } from '../nn/ops';
import type { BatchNormParams, BatchNormUpdate } from '../nn/params';
import { FLAT_CONCAT, FLAT_SPLIT } from '../runtime/wasm-kernels';
import { LAYER, stage } from './layer-kernels';
import { gradThreads } from './layer-grads';
import { FLAT_SLICES } from './names';
import { layerSpec, SPEC, type ConvCandidate, type LayerDims, type LayerSpec } from './layer-spec';

export interface ConvWeights extends ConvCandidate {
  w1: tf.Variable;
  dw: tf.Variable;
  w2: tf.Variable;
  bn1: BatchNormParams;
  bn2: BatchNormParams;
  bn3: BatchNormParams;
}

/** Batch statistics of one BatchNorm stage. */
export interface StageStats {
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

type Op = (x: tf.Tensor, wts: tf.Tensor, ...vars: tf.Tensor[]) => tf.Tensor;

/** True when the active backend has the layer kernels. */
export function fusedConvAvailable(): boolean {
  return tf.getBackend() === 'webgpu' && tf.getKernel(LAYER.EXPAND_STATS, 'webgpu') != null;
}

export const flatConcat = (xs: tf.Tensor[]) => tf.engine().runKernel(FLAT_CONCAT, xs as unknown as tf.NamedTensorMap, {}) as tf.Tensor;
export const flatSplit = (x: tf.Tensor, shapes: number[][]) =>
  tf.engine().runKernel(FLAT_SPLIT, { x }, { shapes } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];

/** x[offsets[i] ..] shaped shapes[i], by buffer copies. */
export const flatSlices = (x: tf.Tensor, shapes: number[][], offsets: number[]) =>
  tf.engine().runKernel(FLAT_SLICES, { x }, { shapes, offsets } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];

/** The statistics a stage's buffer [rows·C values, C means, C variances] ends with, kept past the op's scope. */
function statsOf(buffer: tf.Tensor, rows: number, c: number): StageStats {
  const [mean, variance] = flatSlices(buffer, [[c], [c]], [rows * c, rows * c + c]);
  return { mean: tf.keep(mean) as tf.Tensor1D, variance: tf.keep(variance) as tf.Tensor1D };
}

/** One layer's fused conv term for one input size; its spec vector is made once. */
export class FusedConv {
  readonly spec: LayerSpec;
  private readonly specTensor: tf.Tensor;
  private readonly op: Op;
  private stats: StageStats[] | null = null;

  constructor(
    private readonly convs: ConvWeights[],
    private readonly dims: LayerDims,
  ) {
    this.spec = layerSpec(convs, dims);
    this.specTensor = tf.keep(tf.tensor1d(this.spec.ints, 'int32'));
    this.op = tf.customGrad(((...args: unknown[]) => this.forward(args)) as never) as unknown as Op;
  }

  /** Every weight of the layer in P's order. */
  private get vars(): tf.Tensor[] {
    const c = this.convs;
    const bn = (k: 'bn1' | 'bn2' | 'bn3') => [...c.map((x) => x[k].gamma), ...c.map((x) => x[k].beta)];
    return [...c.map((x) => x.w1), ...c.map((x) => x.dw), ...c.map((x) => x.w2), ...bn('bn1'), ...bn('bn2'), ...bn('bn3')];
  }

  /** x [n, h, w, cIn], wts [rows, K (+1 for x itself)] → [n, ho, wo, cOut]; the BN statistics go to `takeStats`. */
  apply(x: tf.Tensor4D, wts: tf.Tensor2D): tf.Tensor4D {
    return this.op(x, wts, ...this.vars) as tf.Tensor4D;
  }

  /** The last forward's batch statistics as (mean, variance) per stage; the caller owns them. */
  takeStats(): StageStats[] {
    const stats = this.stats;
    if (!stats) throw new Error('fused WebGPU layer: no statistics (no forward ran)');
    this.stats = null;
    return stats;
  }

  private forward(args: unknown[]) {
    const save = args.pop() as tf.GradSaveFunc;
    const [x4, wts, ...vars] = args as tf.Tensor[];
    const { spec, dims } = this;
    const S = this.specTensor;
    const [m, mo, t, kc] = [spec.ints[SPEC.M], spec.ints[SPEC.MO], spec.t, this.convs.length * dims.cOut];
    const X = x4.reshape([m, dims.cIn]);
    const P = flatConcat(vars);
    const E = stage(LAYER.EXPAND_STATS, { X, P, S }, { rows: m, c: t });
    const D = stage(LAYER.DEPTHWISE_STATS, { E, P, S }, { rows: mo, c: t });
    const Z = stage(LAYER.PROJECT_STATS, { D, P, S }, { rows: mo, c: kc });
    const y = stage(LAYER.COMBINE, { Z, P, Wts: wts, X, S }, { rows: mo, c: dims.cOut });
    // Ops inside a custom-gradient op are off the tape and tidied: the statistics are kept for takeStats.
    this.stats = [statsOf(E, m, t), statsOf(D, mo, t), statsOf(Z, mo, kc)];
    save([X, wts, P, flatConcat([E, D, Z])]);
    return {
      value: y.reshape([dims.n, spec.ho, spec.wo, dims.cOut]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        this.backward(
          dy,
          saved,
          vars.map((v) => v.shape),
        ),
    };
  }

  private backward(dy: tf.Tensor, saved: tf.Tensor[], shapes: number[][]): tf.Tensor[] {
    const [X, Wts, P, A] = saved;
    const { spec, dims } = this;
    const S = this.specTensor;
    const [m, mo, t, k] = [spec.ints[SPEC.M], spec.ints[SPEC.MO], spec.t, this.convs.length];
    const mix = Wts.size;
    const kc = k * dims.cOut;
    const Dy = dy.reshape([mo, dims.cOut]);
    const B1 = stage(LAYER.BN3_SUMS_MIX_GRAD, { Dy, Wts, A, P, X, S }, { rows: mo, c: kc, mix });
    const B2 = stage(LAYER.PROJECT_BACK_SUMS, { A, P, B: B1, S }, { rows: mo, c: t });
    const B3 = stage(LAYER.DEPTHWISE_BACK_SUMS, { A, B: B2, P, S }, { rows: m, c: t, strided: dims.stride === 1 ? 0 : 1 });
    // A θ step never reads the weights' gradients: only the input's are computed.
    const weights = !weightGradsAreSkipped();
    const xSize = m * dims.cIn;
    const R = flatConcat([B1, B2, B3]);
    const n = gradThreads(spec.ints);
    const dx = stage(LAYER.INPUT_GRAD, { Dy, Wts, P, R, S }, { c: xSize, threads: n.input }).reshape([dims.n, dims.h, dims.w, dims.cIn]);
    let dP: tf.Tensor | undefined;
    if (weights) {
      // BatchNorm's dγ, dβ are the sums B3, B2 and B1 hold: BN1's and BN2's after their [rows, T] values.
      const sums = [...flatSlices(B3, [[2 * t]], [m * t]), ...flatSlices(B2, [[2 * t]], [mo * t]), ...flatSlices(B1, [[2 * kc]], [0])];
      dP = flatConcat([
        stage(LAYER.W1_GRAD, { X, R, S }, { c: spec.w1, threads: n.w1 }),
        stage(LAYER.DW_GRAD, { A, P, R, S }, { c: spec.dw, threads: n.dw }),
        stage(LAYER.W2_GRAD, { A, P, R, S }, { c: spec.w2, threads: n.w2 }),
        ...sums,
      ]);
    }
    const [dWts] = flatSlices(B1, [Wts.shape], [2 * k * dims.cOut]);
    return [dx, dWts, ...flatSplit(dP ?? tf.zeros([spec.size]), shapes)];
  }

  dispose(): void {
    this.specTensor.dispose();
    if (this.stats) tf.dispose(this.stats.flatMap((st) => [st.mean, st.variance]));
  }
}

/**
 * A layer's (or one block's) FusedConv per input shape and mixture rows, made on first use; the
 * statistics of each call go to the BN updates like those of the tfjs path.
 */
export class FusedConvCache {
  private readonly byShape = new Map<string, FusedConv>();
  private ones: tf.Tensor2D | null = null;

  /** `residual`: the weights carry a last column for x itself (added to the output as is). */
  constructor(
    private readonly convs: ConvWeights[],
    private readonly cOut: number,
    private readonly stride: number,
    private readonly residual: boolean,
  ) {}

  /** Σ_k wts[:, k] · candidate k's conv branch (+ wts[:, K] · x); without `wts`, the one candidate alone (+ x). */
  run(x: tf.Tensor4D, wts: tf.Tensor2D | null, bnUpdates: BatchNormUpdate[] | undefined): tf.Tensor4D {
    if (!wts) {
      if (this.convs.length !== 1) throw new Error('fused WebGPU layer: mixture weights are needed for several candidates');
      this.ones ??= tf.keep(tf.ones([1, this.residual ? 2 : 1]) as tf.Tensor2D);
    }
    const w = wts ?? this.ones!;
    const [n, h, wd, cIn] = x.shape;
    const key = `${x.shape.join('x')}:${w.shape[0]}`;
    let f = this.byShape.get(key);
    if (!f) {
      f = new FusedConv(this.convs, { n, h, w: wd, cIn, cOut: this.cOut, stride: this.stride, rows: w.shape[0], residual: this.residual });
      this.byShape.set(key, f);
    }
    const y = f.apply(x, w);
    const stats = f.takeStats();
    (['bn1', 'bn2', 'bn3'] as const).forEach((k, i) => {
      if (bnUpdates)
        bnUpdates.push({ bns: this.convs.map((b) => b[k]), mean: tf.keep(stats[i].mean), variance: tf.keep(stats[i].variance) });
      else tf.dispose([stats[i].mean, stats[i].variance]);
    });
    return y;
  }

  dispose(): void {
    for (const f of this.byShape.values()) f.dispose();
    this.byShape.clear();
    this.ones?.dispose();
    this.ones = null;
  }
}
