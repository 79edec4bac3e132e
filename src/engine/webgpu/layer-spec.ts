/**
 * The shape of one fused mixture layer's convolutional candidates as the WGSL kernels read it: an
 * int32 vector made once per layer and bound to every kernel, so all layers share the same compiled
 * pipelines (sizes are data, not shader constants).
 *
 * The layer's weights travel as one flat vector P, concatenated in this order (every part in the
 * candidates' order): the expansion weights w1, the depthwise filters, the projection weights w2,
 * then BN1 γ, BN1 β, BN2 γ, BN2 β (T channels each) and BN3 γ, BN3 β (K·cOut channels each).
 */
export interface ConvCandidate {
  mid: number;
  groups: number;
  kernel: number;
}

export interface LayerDims {
  n: number;
  h: number;
  w: number;
  cIn: number;
  cOut: number;
  stride: number;
  /** Rows of the mixture weights: the batch (one mixture per sample) or 1. */
  rows: number;
  /** The weights have a last column for x itself (residuals, identity skip): cIn = cOut, stride 1. */
  residual: boolean;
}

/** Where each field sits in the spec vector (the WGSL side uses the same numbers). */
export const SPEC = {
  N: 0,
  H: 1,
  W: 2,
  CIN: 3,
  HO: 4,
  WO: 5,
  COUT: 6,
  STRIDE: 7,
  K: 8,
  T: 9,
  M: 10,
  MO: 11,
  ROWS: 12,
  G1: 13,
  B1: 14,
  G2: 15,
  B2: 16,
  G3: 17,
  B3: 18,
  RESID: 19,
  CONVS: 20,
  PER_CONV: 8,
} as const;
/** Per-candidate fields: expansion channel offset, mid channels, groups, kernel size, offsets of w1, dw and w2 in P. */
export const CONV = { OFF: 0, MID: 1, GROUPS: 2, KSIZE: 3, W1: 4, DW: 5, W2: 6 } as const;
/** The kernels' bindings leave room for this many candidates' fields. */
export const MAX_CONVS = 8;

export interface LayerSpec {
  ints: Int32Array;
  /** Channels after the expansion, all candidates. */
  t: number;
  ho: number;
  wo: number;
  /** Sizes of P's sections: w1, dw, w2 (all candidates). */
  w1: number;
  dw: number;
  w2: number;
  size: number;
}

export function layerSpec(convs: ConvCandidate[], d: LayerDims): LayerSpec {
  if (convs.length === 0 || convs.length > MAX_CONVS)
    throw new Error(`fused WebGPU layer: ${convs.length} conv candidates (1 to ${MAX_CONVS} supported)`);
  const ints = new Int32Array(SPEC.CONVS + SPEC.PER_CONV * MAX_CONVS);
  const ho = Math.ceil(d.h / d.stride);
  const wo = Math.ceil(d.w / d.stride);
  const k = convs.length;
  const t = convs.reduce((a, c) => a + c.mid, 0);
  const w1 = convs.reduce((a, c) => a + (d.cIn * c.mid) / c.groups, 0);
  const dw = convs.reduce((a, c) => a + c.kernel * c.kernel * c.mid, 0);
  const w2 = convs.reduce((a, c) => a + (c.mid * d.cOut) / c.groups, 0);
  const head = [d.n, d.h, d.w, d.cIn, ho, wo, d.cOut, d.stride, k, t, d.n * d.h * d.w, d.n * ho * wo, d.rows];
  ints.set(head, 0);
  const bn = w1 + dw + w2;
  const kc = k * d.cOut;
  ints.set([bn, bn + t, bn + 2 * t, bn + 3 * t, bn + 4 * t, bn + 4 * t + kc, d.residual ? 1 : 0], SPEC.G1);
  if (d.residual && (d.cIn !== d.cOut || d.stride !== 1)) throw new Error('fused WebGPU layer: a residual needs cIn = cOut and stride 1');
  let off = 0;
  let o1 = 0;
  let odw = w1;
  let o2 = w1 + dw;
  convs.forEach((c, i) => {
    ints.set([off, c.mid, c.groups, c.kernel, o1, odw, o2], SPEC.CONVS + SPEC.PER_CONV * i);
    off += c.mid;
    o1 += (d.cIn * c.mid) / c.groups;
    odw += c.kernel * c.kernel * c.mid;
    o2 += (c.mid * d.cOut) / c.groups;
  });
  return { ints, t, ho, wo, w1, dw, w2, size: bn + 4 * t + 2 * kc };
}

/** WGSL accessors of the spec vector S, shared by the layer's kernels. */
export const SPEC_WGSL = `
  const EPS = 1e-5;
  fn sp(i : i32) -> i32 { return S[i]; }
  /** Columns of the mixture weights: K candidates, then x's own weight where there is one. */
  fn wcols() -> i32 { return S[${SPEC.K}] + S[${SPEC.RESID}]; }
  fn cv(k : i32, f : i32) -> i32 { return S[${SPEC.CONVS} + ${SPEC.PER_CONV} * k + f]; }
  /** The candidate whose field f (an offset) starts at or before x. */
  fn convAt(x : i32, f : i32) -> i32 {
    var k = 0;
    for (var j = 1; j < S[${SPEC.K}]; j++) { if (cv(j, f) <= x) { k = j; } }
    return k;
  }
  /** The expansion channel that depthwise channel j (local to a candidate of mid channels, g groups) reads: the channel shuffle. */
  fn shuffled(j : i32, mid : i32, g : i32) -> i32 { return (j % g) * (mid / g) + j / g; }
  fn padBefore(outSize : i32, inSize : i32, k : i32) -> i32 { return max((outSize - 1) * S[${SPEC.STRIDE}] + k - inSize, 0) / 2; }
`;
