/**
 * WGSL shared by the fused layer's kernels: where each stage's values sit in the buffers that
 * carry them, and the element-wise steps every kernel recomputes on the fly instead of storing
 * (BN + ReLU after the expansion and the depthwise conv, BN3, and BatchNorm's input gradients).
 *
 * Each stage's buffer holds its values, then its per-channel sums: the expansion E [M, T] then its
 * means [T] and variances [T]; the depthwise D [MO, T] + 2T; the projection Z [MO, K·cOut] + 2·K·cOut.
 * The backward's buffers likewise: B1 holds BN3's sums (dγ3, dβ3) then the mixture weights'
 * gradient; B2 the gradient at the projection's input [MO, T] then BN2's sums; B3 the gradient at
 * the depthwise input [M, T] then BN1's sums. The forward's three are joined into one buffer A
 * (E, D, Z) and the backward's into one buffer R (B1, B2, B3) for the kernels that read them all:
 * an adapter may bind only 8 storage buffers per kernel.
 *
 * On a CPU adapter (SwiftShader) every storage read is a bounds-checked gather costing about as
 * much as the loop around it, and the JIT cannot hoist reads of S or of a channel's statistics out
 * of a loop (they might alias the output). So what depends only on a thread's channel or weight —
 * spec sizes, offsets, BatchNorm's mean, rstd, γ, β (`Bn`) — is read once per thread into a
 * struct, and the inner loops read only the two operands of each multiply-add.
 */
import { SPEC } from './layer-spec';

const s = SPEC;

/** Sizes and offsets of the stage buffers, from the spec. */
export const OFFSETS_WGSL = `
  fn kc() -> i32 { return sp(${s.K}) * sp(${s.COUT}); }
  fn eSize() -> i32 { return (sp(${s.M}) + 2) * sp(${s.T}); }
  fn dSize() -> i32 { return (sp(${s.MO}) + 2) * sp(${s.T}); }
  fn b1Dz() -> i32 { return 2 * kc() + sp(${s.ROWS}) * wcols(); }
  fn b1Size() -> i32 { return b1Dz() + sp(${s.MO}) * kc(); }
`;

/** Accessors named `name`At(i) reading buffer `buf` from `offset` (a WGSL expression). */
export const at = (name: string, buf: string, offset = '0') => `
  fn ${name}At(i : i32) -> f32 { return ${buf}[${offset} + i]; }
`;

/** WGSL: the layer's spatial sizes and stride, read once. */
export const GEOM_WGSL = `
  struct Geom { n : i32, h : i32, w : i32, ho : i32, wo : i32, st : i32 }
  fn geom() -> Geom { return Geom(sp(${s.N}), sp(${s.H}), sp(${s.W}), sp(${s.HO}), sp(${s.WO}), sp(${s.STRIDE})); }
`;

/** A channel's batch statistics and affine parameters, read once; bnAct(v, b) is its BN + ReLU of v. */
export const BN_WGSL = `
  struct Bn { mean : f32, rstd : f32, gamma : f32, beta : f32 }
  fn bnXhat(v : f32, b : Bn) -> f32 { return (v - b.mean) * b.rstd; }
  fn bnAct(v : f32, b : Bn) -> f32 { return max(bnXhat(v, b) * b.gamma + b.beta, 0.0); }
`;

/** Needs eAt: BN1 of an expansion channel, and its x̂ and BN + ReLU at a row. */
export const E_WGSL = `
  fn bn1(c : i32) -> Bn {
    let T = sp(${s.T}); let at = sp(${s.M}) * T + c;
    return Bn(eAt(at), inverseSqrt(eAt(at + T) + EPS), P[sp(${s.G1}) + c], P[sp(${s.B1}) + c]);
  }
  fn a1(row : i32, c : i32) -> f32 { return bnAct(eAt(row * sp(${s.T}) + c), bn1(c)); }
`;

/** Needs dAt: BN2 of a depthwise channel, and its BN + ReLU at a position. */
export const D_WGSL = `
  fn bn2(c : i32) -> Bn {
    let T = sp(${s.T}); let at = sp(${s.MO}) * T + c;
    return Bn(dAt(at), inverseSqrt(dAt(at + T) + EPS), P[sp(${s.G2}) + c], P[sp(${s.B2}) + c]);
  }
  fn a2(pos : i32, c : i32) -> f32 { return bnAct(dAt(pos * sp(${s.T}) + c), bn2(c)); }
`;

/** The mixture row of an output position (its sample's, or the one row). */
export const MIX_ROW_WGSL = `
  fn mixRow(pos : i32) -> i32 { return select(pos / (sp(${s.HO}) * sp(${s.WO})), 0, sp(${s.ROWS}) == 1); }
`;

/** Needs zAt: BN3 of a projection column, its x̂ and BN3 at a position. */
export const Z_WGSL = `
  fn bn3(col : i32) -> Bn {
    let at = sp(${s.MO}) * kc() + col;
    return Bn(zAt(at), inverseSqrt(zAt(at + kc()) + EPS), P[sp(${s.G3}) + col], P[sp(${s.B3}) + col]);
  }
  fn xhat3(pos : i32, col : i32) -> f32 { return bnXhat(zAt(pos * kc() + col), bn3(col)); }
  fn z3(pos : i32, col : i32) -> f32 { let b = bn3(col); return bnXhat(zAt(pos * kc() + col), b) * b.gamma + b.beta; }
`;

/**
 * Where the backward's stored gradients start in R (or B): dz in B1, dd in B2, de in B3. Each is
 * [positions or rows, channels]: dz [MO, K·cOut], dd [MO, T], de [M, T].
 */
export const GRAD_BASES_WGSL = `
  fn dzBase() -> i32 { return b1Dz(); }
  fn ddBase() -> i32 { return b1Size(); }
  fn deBase() -> i32 { return b1Size() + dSize(); }
`;

/** WGSL: rows r.. r + 3, those past R − 1 repeating it. */
export const ROWS_WGSL = `
  fn rowsFrom(r : i32, R : i32) -> vec4<i32> { return min(vec4<i32>(r) + vec4<i32>(0, 1, 2, 3), vec4<i32>(R - 1)); }
`;

/**
 * A job per channel `job` of C channels: writes value(row, q) for rows 0..R−1 at
 * result[row·C + job], then the channel's mean and (biased, two-pass) variance at R·C + job and
 * R·C + C + job. The kernel defines `value` and `chan(job)`, which reads what value needs of the
 * channel once, and value4(rows, q) four rows at once (`block` 4) or value8(rows, more, q) eight
 * (rows past R−1 repeat the last; needs ROWS_WGSL): a weight read once serves them all.
 */
export const statsBody = (C: string, R: string, block: 4 | 8) => `
  let C = ${C}; let R = ${R};
  let q = chan(job);
  var sum = 0.0;
  for (var r = ${block} * lane; r < R; r += ${block} * LANES) {
    ${block === 4 ? 'var v = value4(rowsFrom(r, R), q);' : 'var v = value8(rowsFrom(r, R), rowsFrom(r + 4, R), q);'}
    for (var i = 0; i < min(${block}, R - r); i++) { result[(r + i) * C + job] = v[i]; sum += v[i]; }
  }
  let mean = wgSum(sum) / f32(R);
  var sq = 0.0;
  for (var r = lane; r < R; r += LANES) { let dv = result[r * C + job] - mean; sq += dv * dv; }
  let variance = wgSum(sq) / f32(R);
  if (lane == 0) { result[R * C + job] = mean; result[R * C + C + job] = variance; }
`;

/**
 * A job per channel `job` of C channels whose values value(row, q) are the gradient at a BN +
 * ReLU's output: takes BatchNorm's sums Σ d·x̂ (dγ) and Σ d (dβ), d = value · [relu > 0], into
 * R·C + job and R·C + C + job, and writes BatchNorm's input gradient γ·rstd·(d − dβ/m − x̂·dγ/m) for
 * rows 0..R−1 at result[row·C + job]. The BN's input is `src`At(row·C + channel), its parameters
 * `bn`(channel); the kernel defines `value` and `chan` (with `four`, value4 as in statsBody).
 */
export const sumsBody = (C: string, R: string, src: string, bn: string, four = false) => `
  let C = ${C}; let R = ${R};
  let q = chan(job); let bn = ${bn}(job);
  var sg = 0.0; var sb = 0.0;
  for (var r = ${four ? '4 * lane' : 'lane'}; r < R; r += ${four ? '4 * LANES' : 'LANES'}) {
    ${four ? 'let v = value4(min(vec4<i32>(r) + vec4<i32>(0, 1, 2, 3), vec4<i32>(R - 1)), q);' : ''}
    for (var i = 0; i < ${four ? 'min(4, R - r)' : '1'}; i++) {
      let xh = bnXhat(${src}At((r + i) * C + job), bn);
      let d = select(0.0, ${four ? 'v[i]' : 'value(r, q)'}, xh * bn.gamma + bn.beta > 0.0);
      result[(r + i) * C + job] = d;
      sb += d;
      sg += d * xh;
    }
  }
  let g = wgSum(sg);
  let b = wgSum(sb);
  if (lane == 0) { result[R * C + job] = g; result[R * C + C + job] = b; }
  let m = f32(R); let scale = bn.gamma * bn.rstd;
  for (var r = lane; r < R; r += LANES) {
    let centred = (result[r * C + job] - b / m) - bnXhat(${src}At(r * C + job), bn) * (g / m);
    result[r * C + job] = centred * scale;
  }
`;
