/**
 * A trained ChildNet as an ONNX model (opset 13) with its weights, for onnxruntime and the mobile
 * runtimes that read ONNX. The input is NHWC like the tfjs model's, [N, H, W, C] float32 named
 * "image", so the same pixels feed both; a Transpose turns it into ONNX's NCHW. The output is
 * "logits" [N, classes].
 *
 * Every BatchNorm is folded into the conv before it (inference uses the running averages, so
 * the fold is exact up to float rounding). Padding is explicit and matches tfjs's "same": the
 * total ((out − 1)·stride + k − in, at least 0) split with the smaller half before, so stride 2
 * on an even size pads only after. Grouped 1×1 convs keep ONNX's `group`, and the channel shuffle
 * after the first one is Reshape → Transpose → Reshape, as in the network.
 */
import { BN_EPSILON } from '../nn/ops';
import type { ChildNet } from '../nn/childnet';
import { readChildWeights, type BnWeights, type ChildWeights, type HostTensor } from './child-weights';
import { encodeModel, FLOAT, INT64, type Graph, type Node } from './onnx-proto';

export const ONNX_OPSET = 13;
export const ONNX_INPUT = 'image';
export const ONNX_OUTPUT = 'logits';

/** "same" padding along one axis: [before, after]. */
export function samePads(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly initializers: Graph['initializers'] = [];
  private n = 0;

  constant(name: string, dims: number[], values: Float32Array | BigInt64Array): string {
    this.initializers.push({ name, dims, type: values instanceof BigInt64Array ? INT64 : FLOAT, values });
    return name;
  }

  op(op: string, inputs: string[], name: string, attributes?: Node['attributes'], output?: string): string {
    const out = output ?? `${name}:${this.n++}`;
    this.nodes.push({ op, inputs, outputs: [out], name, attributes });
    return out;
  }

  /** Conv (OIHW weight) with its BatchNorm folded in; ReLU after if asked. */
  conv(
    x: string,
    name: string,
    w: Float32Array,
    dims: [number, number, number, number],
    o: { stride: number; size: number; group?: number; bn: BnWeights; relu: boolean },
  ): string {
    const [cout, , kh, kw] = dims;
    const per = w.length / cout;
    const wf = new Float32Array(w.length);
    const b = new Float32Array(cout);
    for (let c = 0; c < cout; c++) {
      const scale = o.bn.gamma[c] / Math.sqrt(o.bn.variance[c] + BN_EPSILON);
      for (let i = 0; i < per; i++) wf[c * per + i] = w[c * per + i] * scale;
      b[c] = o.bn.beta[c] - o.bn.mean[c] * scale;
    }
    const [top, bottom] = samePads(o.size, kh, o.stride);
    const [left, right] = samePads(o.size, kw, o.stride);
    const y = this.op('Conv', [x, this.constant(`${name}.weight`, dims, wf), this.constant(`${name}.bias`, [cout], b)], name, [
      { name: 'kernel_shape', ints: [kh, kw] },
      { name: 'strides', ints: [o.stride, o.stride] },
      { name: 'pads', ints: [top, left, bottom, right] },
      { name: 'group', int: o.group ?? 1 },
    ]);
    return o.relu ? this.op('Relu', [y], `${name}.relu`) : y;
  }
}

/** HWIO [kh, kw, cin, cout] → OIHW. */
function hwioToOihw(w: HostTensor): { w: Float32Array; dims: [number, number, number, number] } {
  const [kh, kw, ci, co] = w.shape;
  const out = new Float32Array(w.values.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) out[((o * ci + i) * kh + y) * kw + x] = w.values[((y * kw + x) * ci + i) * co + o];
  return { w: out, dims: [co, ci, kh, kw] };
}

/** Grouped 1×1 [g, a, b] → ONNX grouped-conv weight [g·b, a, 1, 1] (group k owns outputs k·b…). */
function groupedPointwise(w: HostTensor): { w: Float32Array; dims: [number, number, number, number] } {
  const [g, a, b] = w.shape;
  const out = new Float32Array(w.values.length);
  for (let k = 0; k < g; k++)
    for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) out[(k * b + j) * a + i] = w.values[(k * a + i) * b + j];
  return { w: out, dims: [g * b, a, 1, 1] };
}

/** Depthwise [k, k, c, 1] → [c, 1, k, k] for a Conv with group = c. */
function depthwiseWeight(w: HostTensor): { w: Float32Array; dims: [number, number, number, number] } {
  const [kh, kw, c] = w.shape;
  const out = new Float32Array(w.values.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++) for (let ch = 0; ch < c; ch++) out[(ch * kh + y) * kw + x] = w.values[(y * kw + x) * c + ch];
  return { w: out, dims: [c, 1, kh, kw] };
}

function buildGraph(cw: ChildWeights): Graph {
  const s = cw.space;
  const g = new GraphBuilder();
  let h = g.op('Transpose', [ONNX_INPUT], 'nhwc_to_nchw', [{ name: 'perm', ints: [0, 3, 1, 2] }]);
  const stem = hwioToOihw(cw.stem.w);
  h = g.conv(h, 'stem', stem.w, stem.dims, { stride: s.stem.stride, size: s.inputSize, bn: cw.stem.bn, relu: true });
  cw.layers.forEach((L, l) => {
    const p = `l${l + 1}_${L.block}`;
    const size = L.shape.inputSize;
    if (L.kind === 'identity') return;
    if (L.kind === 'projection') {
      const pw = groupedPointwise({ shape: [1, L.shape.cIn, L.shape.cOut], values: L.w.values });
      h = g.conv(h, `${p}.proj`, pw.w, pw.dims, { stride: L.shape.stride, size, bn: L.bn, relu: true });
      return;
    }
    const x = h;
    const mid = L.bn1.gamma.length;
    const w1 = groupedPointwise(L.w1);
    h = g.conv(h, `${p}.expand`, w1.w, w1.dims, { stride: 1, size, group: L.groups, bn: L.bn1, relu: true });
    if (L.groups > 1) {
      // [N, g, mid/g, H·W] → [N, mid/g, g, H·W]: output channel j = input (j mod g)·(mid/g) + ⌊j/g⌋.
      const split = g.constant(`${p}.shuffle.split`, [4], BigInt64Array.from([0n, BigInt(L.groups), BigInt(mid / L.groups), -1n]));
      const back = g.constant(`${p}.shuffle.merge`, [4], BigInt64Array.from([0n, BigInt(mid), BigInt(size), BigInt(size)]));
      h = g.op('Reshape', [h, split], `${p}.shuffle.reshape`);
      h = g.op('Transpose', [h], `${p}.shuffle`, [{ name: 'perm', ints: [0, 2, 1, 3] }]);
      h = g.op('Reshape', [h, back], `${p}.shuffle.merge`);
    }
    const dw = depthwiseWeight(L.dw);
    h = g.conv(h, `${p}.dw`, dw.w, dw.dims, { stride: L.shape.stride, size, group: mid, bn: L.bn2, relu: true });
    const w2 = groupedPointwise(L.w2);
    h = g.conv(h, `${p}.project`, w2.w, w2.dims, { stride: 1, size: L.shape.outputSize, group: L.groups, bn: L.bn3, relu: false });
    if (L.residual) h = g.op('Add', [h, x], `${p}.add`);
  });
  const head = groupedPointwise(cw.head.w);
  const headSize = cw.layers.length ? cw.layers[cw.layers.length - 1].shape.outputSize : Math.ceil(s.inputSize / s.stem.stride);
  h = g.conv(h, 'head', head.w, head.dims, { stride: 1, size: headSize, bn: cw.head.bn, relu: true });
  h = g.op('GlobalAveragePool', [h], 'pool');
  h = g.op('Flatten', [h], 'flatten', [{ name: 'axis', int: 1 }]);
  const fcW = g.constant('fc.weight', cw.head.fcW.shape, cw.head.fcW.values);
  const fcB = g.constant('fc.bias', cw.head.fcB.shape, cw.head.fcB.values);
  g.op('Gemm', [h, fcW, fcB], 'fc', undefined, ONNX_OUTPUT);
  return {
    name: 'fbnet',
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [{ name: ONNX_INPUT, dims: ['N', s.inputSize, s.inputSize, s.inputChannels] }],
    outputs: [{ name: ONNX_OUTPUT, dims: ['N', s.numClasses] }],
  };
}

/** The bytes of model.onnx for a trained ChildNet (weights read from the net, BN folded). */
export async function exportOnnxModel(net: ChildNet, producerVersion = '0'): Promise<Uint8Array> {
  const graph = buildGraph(await readChildWeights(net));
  return encodeModel(graph, {
    opset: ONNX_OPSET,
    producer: 'fbnet-studio',
    producerVersion,
    doc: `FBNet ${net.blocks.join(' ')}; input NHWC float32 "${ONNX_INPUT}", output "${ONNX_OUTPUT}"`,
  });
}
