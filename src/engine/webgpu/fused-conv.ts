/**
 * The convolutional candidates of one mixture layer on WebGPU: Σ_k wts[:, k] · BN3(project_k(
 * ReLU(BN2(depthwise_k(shuffle(ReLU(BN1(expand_k(x)))))))) in nine dispatches forward and at most
 * thirteen backward, with training BatchNorm (batch statistics). The same function as the tfjs
 * ops of FusedLayer.convTerm (tested against the cpu backend); the layer's weights enter as one
 * flat vector made by buffer copies, and their gradient leaves the same way.
 */
import { tf } from '../runtime/tf';
import { weightGradsAreSkipped } from '../nn/ops';
import type { BatchNormParams, BatchNormUpdate } from '../nn/params';
import { FLAT_CONCAT, FLAT_SPLIT } from '../runtime/wasm-kernels';
import { LAYER, stage } from './layer-kernels';
import { layerSpec, SPEC, type ConvCandidate, type LayerDims, type LayerSpec } from './layer-spec';

export interface ConvWeights extends ConvCandidate {
  w1: tf.Variable;
  dw: tf.Variable;
  w2: tf.Variable;
  bn1: BatchNormParams;
  bn2: BatchNormParams;
  bn3: BatchNormParams;
}

/** Batch statistics of the three BatchNorm stages, [2, C] each (means, then variances). */
export type StageStats = [tf.Tensor, tf.Tensor, tf.Tensor];

type Op = (x: tf.Tensor, wts: tf.Tensor, ...vars: tf.Tensor[]) => tf.Tensor;

/** True when the active backend has the layer kernels. */
export function fusedConvAvailable(): boolean {
  return tf.getBackend() === 'webgpu' && tf.getKernel(LAYER.EXPAND, 'webgpu') != null;
}

export const flatConcat = (xs: tf.Tensor[]) => tf.engine().runKernel(FLAT_CONCAT, xs as unknown as tf.NamedTensorMap, {}) as tf.Tensor;
export const flatSplit = (x: tf.Tensor, shapes: number[][]) =>
  tf.engine().runKernel(FLAT_SPLIT, { x }, { shapes } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];

/** One layer's fused conv term for one input size; its spec vector is made once. */
export class FusedConv {
  readonly spec: LayerSpec;
  private readonly specTensor: tf.Tensor;
  private readonly op: Op;
  private stats: StageStats | null = null;

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
  takeStats(): { mean: tf.Tensor1D; variance: tf.Tensor1D }[] {
    const stats = this.stats;
    if (!stats) throw new Error('fused WebGPU layer: no statistics (no forward ran)');
    this.stats = null;
    const out = stats.map((s) => {
      const c = s.shape[1]!;
      const [mean, variance] = flatSplit(s, [[c], [c]]);
      return { mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
    });
    tf.dispose(stats);
    return out;
  }

  private forward(args: unknown[]) {
    const save = args.pop() as tf.GradSaveFunc;
    const [x4, wts, ...vars] = args as tf.Tensor[];
    const { spec, dims } = this;
    const S = this.specTensor;
    const [m, mo, t, kc] = [spec.ints[SPEC.M], spec.ints[SPEC.MO], spec.t, this.convs.length * dims.cOut];
    const at = (f: number) => spec.ints[f];
    const X = x4.reshape([m, dims.cIn]);
    const P = flatConcat(vars);
    const e = stage(LAYER.EXPAND, { X, P, S }, { rows: m, c: t });
    const st1 = stage(LAYER.STATS, { X: e }, { rows: m, c: t });
    const a1 = stage(LAYER.BN_RELU, { X: e, St: st1, P }, { rows: m, c: t, gamma: at(SPEC.G1), beta: at(SPEC.B1) });
    const d = stage(LAYER.DEPTHWISE, { A: a1, P, S }, { rows: mo, c: t });
    const st2 = stage(LAYER.STATS, { X: d }, { rows: mo, c: t });
    const a2 = stage(LAYER.BN_RELU, { X: d, St: st2, P }, { rows: mo, c: t, gamma: at(SPEC.G2), beta: at(SPEC.B2) });
    const z = stage(LAYER.PROJECT, { A: a2, P, S }, { rows: mo, c: kc });
    const st3 = stage(LAYER.STATS, { X: z }, { rows: mo, c: kc });
    const y = stage(LAYER.COMBINE, { Z: z, St: st3, P, Wts: wts, X, S }, { rows: mo, c: dims.cOut });
    // Ops inside a custom-gradient op are off the tape and tidied: the statistics are kept for takeStats.
    this.stats = [tf.keep(st1), tf.keep(st2), tf.keep(st3)];
    save([X, wts, P, e, st1, a1, d, st2, a2, z, st3]);
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
    const [X, Wts, P, e, st1, a1, d, st2, a2, z, st3] = saved;
    const { spec, dims } = this;
    const S = this.specTensor;
    const [m, mo, t, k] = [spec.ints[SPEC.M], spec.ints[SPEC.MO], spec.t, this.convs.length];
    const kc = k * dims.cOut;
    const Dy = dy.reshape([mo, dims.cOut]);
    const sums3 = stage(LAYER.BN3_SUMS, { Dy, Wts, Z: z, St: st3, S }, { c: kc });
    const dWts = stage(LAYER.MIX_GRAD, { Dy, Z: z, St: st3, P, X, S }, { rows: dims.rows, c: k + (dims.residual ? 1 : 0) });
    const dz = stage(LAYER.BN3_BACK, { Dy, Wts, Z: z, St: st3, P, Sums: sums3, S }, { rows: mo, c: kc });
    const da2 = stage(LAYER.PROJECT_BACK_INPUT, { Dz: dz, P, S }, { rows: mo, c: t });
    const sums2 = stage(LAYER.BN_SUMS, { Da: da2, A: a2, X: d, St: st2 }, { rows: mo, c: t });
    const dd = stage(LAYER.BN_BACK, { Da: da2, A: a2, X: d, St: st2, P, Sums: sums2 }, { rows: mo, c: t, gamma: spec.ints[SPEC.G2] });
    const da1 = stage(LAYER.DEPTHWISE_BACK_INPUT, { Dd: dd, P, S }, { rows: m, c: t });
    const sums1 = stage(LAYER.BN_SUMS, { Da: da1, A: a1, X: e, St: st1 }, { rows: m, c: t });
    const de = stage(LAYER.BN_BACK, { Da: da1, A: a1, X: e, St: st1, P, Sums: sums1 }, { rows: m, c: t, gamma: spec.ints[SPEC.G1] });
    const dx = stage(LAYER.EXPAND_BACK_INPUT, { De: de, P, Dy, Wts, S }, { rows: m, c: dims.cIn });
    // A θ step never reads the weights' gradients.
    const dP = weightGradsAreSkipped()
      ? tf.zeros([spec.size])
      : flatConcat([
          stage(LAYER.EXPAND_BACK_WEIGHT, { De: de, X, S }, { c: spec.w1 }),
          stage(LAYER.DEPTHWISE_BACK_FILTER, { Dd: dd, A: a1, S }, { c: spec.dw }),
          stage(LAYER.PROJECT_BACK_WEIGHT, { Dz: dz, A: a2, S }, { c: spec.w2 }),
          sums1,
          sums2,
          sums3,
        ]);
    return [dx.reshape([dims.n, dims.h, dims.w, dims.cIn]), dWts, ...flatSplit(dP, shapes)];
  }

  dispose(): void {
    this.specTensor.dispose();
    if (this.stats) tf.dispose(this.stats);
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
