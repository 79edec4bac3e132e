/**
 * A trained ChildNet as a standard tfjs LayersModel (model.json + one weights file) that loads with
 * tf.loadLayersModel anywhere, built only from stock layers. A grouped 1×1 conv becomes a dense
 * 1×1 Conv2D with a block-diagonal weight; the channel shuffle after it is folded into that conv's
 * output-channel order and its BatchNorm, which are per-channel and so commute with the shuffle.
 */
import { tf } from '../runtime/tf';
import { BN_EPSILON } from '../nn/ops';
import type { ChildNet } from '../nn/childnet';
import {
  blockDiagonal,
  permuteBn,
  permuteColumns,
  readChildWeights,
  shufflePermutation,
  type BnWeights,
  type HostTensor,
} from './child-weights';

export interface TfjsModelFiles {
  /** The model.json document; its manifest names WEIGHTS_FILE. */
  modelJson: {
    modelTopology: unknown;
    weightsManifest: { paths: string[]; weights: unknown[] }[];
    format: string;
    generatedBy: string;
    convertedBy: null;
  };
  weightData: ArrayBuffer;
}

export const WEIGHTS_FILE = 'weights.bin';

type SymbolicTensor = ReturnType<typeof tf.input>;

class Builder {
  private readonly pending: { layer: { setWeights(w: tf.Tensor[]): void }; values: { data: Float32Array; shape: number[] }[] }[] = [];

  conv(x: SymbolicTensor, name: string, w: Float32Array, shape: [number, number, number, number], stride: number): SymbolicTensor {
    const layer = tf.layers.conv2d({
      name,
      filters: shape[3],
      kernelSize: [shape[0], shape[1]],
      strides: stride,
      padding: 'same',
      useBias: false,
    });
    this.pending.push({ layer, values: [{ data: w, shape }] });
    return layer.apply(x) as SymbolicTensor;
  }

  depthwise(x: SymbolicTensor, name: string, w: HostTensor, stride: number): SymbolicTensor {
    const k = w.shape[0];
    const layer = tf.layers.depthwiseConv2d({ name, kernelSize: k, strides: stride, padding: 'same', depthMultiplier: 1, useBias: false });
    this.pending.push({ layer, values: [{ data: w.values, shape: w.shape }] });
    return layer.apply(x) as SymbolicTensor;
  }

  bn(x: SymbolicTensor, name: string, bn: BnWeights, relu: boolean): SymbolicTensor {
    const layer = tf.layers.batchNormalization({ name, axis: -1, epsilon: BN_EPSILON });
    const c = bn.gamma.length;
    this.pending.push({ layer, values: [bn.gamma, bn.beta, bn.mean, bn.variance].map((data) => ({ data, shape: [c] })) });
    const y = layer.apply(x) as SymbolicTensor;
    return relu ? (tf.layers.reLU({ name: `${name}_relu` }).apply(y) as SymbolicTensor) : y;
  }

  dense(x: SymbolicTensor, name: string, w: HostTensor, b: HostTensor): SymbolicTensor {
    const layer = tf.layers.dense({ name, units: w.shape[1], useBias: true });
    this.pending.push({
      layer,
      values: [
        { data: w.values, shape: w.shape },
        { data: b.values, shape: b.shape },
      ],
    });
    return layer.apply(x) as SymbolicTensor;
  }

  /** Weights can only be set once the layers are built, i.e. after apply(). */
  setWeights(): void {
    for (const { layer, values } of this.pending) {
      const ts = values.map((v) => tf.tensor(v.data, v.shape, 'float32'));
      try {
        layer.setWeights(ts);
      } finally {
        tf.dispose(ts);
      }
    }
  }
}

/** A grouped 1×1 weight [g, a, b] as a dense Conv2D kernel [1, 1, g·a, g·b], output channels permuted if given. */
function pointwiseKernel(w: HostTensor, perm?: number[]): { data: Float32Array; shape: [number, number, number, number] } {
  const [g, a, b] = w.shape;
  const dense = g === 1 ? w.values : blockDiagonal(w);
  return { data: perm ? permuteColumns(dense, g * b, perm) : dense, shape: [1, 1, g * a, g * b] };
}

/** Builds the LayersModel; the caller disposes it. Output: logits, like ChildNet.forward. */
export async function buildLayersModel(net: ChildNet): Promise<tf.LayersModel> {
  const cw = await readChildWeights(net);
  const s = cw.space;
  const b = new Builder();
  const input = tf.input({ shape: [s.inputSize, s.inputSize, s.inputChannels], name: 'image' });
  let h = b.conv(input, 'stem_conv', cw.stem.w.values, cw.stem.w.shape as [number, number, number, number], s.stem.stride);
  h = b.bn(h, 'stem_bn', cw.stem.bn, true);
  cw.layers.forEach((L, l) => {
    const p = `l${l + 1}_${L.block}`;
    if (L.kind === 'identity') return;
    if (L.kind === 'projection') {
      const k = pointwiseKernel(L.w.shape.length === 3 ? L.w : { shape: [1, L.shape.cIn, L.shape.cOut], values: L.w.values });
      h = b.bn(b.conv(h, `${p}_conv`, k.data, k.shape, L.shape.stride), `${p}_bn`, L.bn, true);
      return;
    }
    const x = h;
    const mid = L.bn1.gamma.length;
    const perm = L.groups > 1 ? shufflePermutation(mid, L.groups) : undefined;
    const k1 = pointwiseKernel(L.w1, perm);
    h = b.bn(b.conv(h, `${p}_expand`, k1.data, k1.shape, 1), `${p}_bn1`, perm ? permuteBn(L.bn1, perm) : L.bn1, true);
    h = b.bn(b.depthwise(h, `${p}_dw`, L.dw, L.shape.stride), `${p}_bn2`, L.bn2, true);
    const k2 = pointwiseKernel(L.w2);
    h = b.bn(b.conv(h, `${p}_project`, k2.data, k2.shape, 1), `${p}_bn3`, L.bn3, false);
    if (L.residual) h = tf.layers.add({ name: `${p}_add` }).apply([h, x]) as SymbolicTensor;
  });
  const hk = pointwiseKernel(cw.head.w);
  h = b.bn(b.conv(h, 'head_conv', hk.data, hk.shape, 1), 'head_bn', cw.head.bn, true);
  h = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(h) as SymbolicTensor;
  const logits = b.dense(h, 'fc', cw.head.fcW, cw.head.fcB);
  const model = tf.model({ inputs: input, outputs: logits, name: 'fbnet' });
  b.setWeights();
  return model;
}

function toArrayBuffer(data: ArrayBuffer | ArrayBuffer[] | undefined): ArrayBuffer {
  if (!data) return new ArrayBuffer(0);
  return Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
}

/** model.json + weights for tf.loadLayersModel (serve them side by side, or load with tf.io.fromMemory). */
export async function exportTfjsModel(net: ChildNet): Promise<TfjsModelFiles> {
  const model = await buildLayersModel(net);
  try {
    let files: TfjsModelFiles | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        files = {
          modelJson: {
            modelTopology: a.modelTopology,
            weightsManifest: [{ paths: [WEIGHTS_FILE], weights: a.weightSpecs ?? [] }],
            format: 'layers-model',
            generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
            convertedBy: null,
          },
          weightData: toArrayBuffer(a.weightData as ArrayBuffer | ArrayBuffer[] | undefined),
        };
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (!files) throw new Error('export: the save handler was not called');
    return files;
  } finally {
    model.dispose();
  }
}
