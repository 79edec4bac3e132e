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
 */
import { WG } from './backend-access';
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

/** Needs eAt: x̂ and BN1 + ReLU of the expansion. */
export const E_WGSL = `
  fn rstd1(c : i32) -> f32 { return inverseSqrt(eAt(sp(${s.M}) * sp(${s.T}) + sp(${s.T}) + c) + EPS); }
  fn xhat1(row : i32, c : i32) -> f32 {
    let T = sp(${s.T});
    return (eAt(row * T + c) - eAt(sp(${s.M}) * T + c)) * rstd1(c);
  }
  fn a1(row : i32, c : i32) -> f32 { return max(xhat1(row, c) * P[sp(${s.G1}) + c] + P[sp(${s.B1}) + c], 0.0); }
`;

/** Needs dAt: x̂ and BN2 + ReLU of the depthwise conv. */
export const D_WGSL = `
  fn rstd2(c : i32) -> f32 { return inverseSqrt(dAt(sp(${s.MO}) * sp(${s.T}) + sp(${s.T}) + c) + EPS); }
  fn xhat2(pos : i32, c : i32) -> f32 {
    let T = sp(${s.T});
    return (dAt(pos * T + c) - dAt(sp(${s.MO}) * T + c)) * rstd2(c);
  }
  fn a2(pos : i32, c : i32) -> f32 { return max(xhat2(pos, c) * P[sp(${s.G2}) + c] + P[sp(${s.B2}) + c], 0.0); }
`;

/** Needs zAt: x̂ and BN3 of the projection, and the mixture row of a position. */
export const Z_WGSL = `
  fn mixRow(pos : i32) -> i32 { return select(pos / (sp(${s.HO}) * sp(${s.WO})), 0, sp(${s.ROWS}) == 1); }
  fn rstd3(col : i32) -> f32 { return inverseSqrt(zAt(sp(${s.MO}) * kc() + kc() + col) + EPS); }
  fn xhat3(pos : i32, col : i32) -> f32 { return (zAt(pos * kc() + col) - zAt(sp(${s.MO}) * kc() + col)) * rstd3(col); }
  fn bn3(pos : i32, col : i32) -> f32 { return xhat3(pos, col) * P[sp(${s.G3}) + col] + P[sp(${s.B3}) + col]; }
`;

/** Needs Z_WGSL, Dy and Wts: BN3's input gradient dz = γ·rstd·(dzn − dβ/m − x̂·dγ/m), dzn = dy · wts, from its sums. */
export const DZ_FORMULA_WGSL = `
  fn dzOf(pos : i32, col : i32, dGamma : f32, dBeta : f32) -> f32 {
    let COUT = sp(${s.COUT}); let m = f32(sp(${s.MO}));
    let d = Dy[pos * COUT + col % COUT] * Wts[mixRow(pos) * wcols() + col / COUT];
    let centred = (d - dBeta / m) - xhat3(pos, col) * (dGamma / m);
    return centred * (P[sp(${s.G3}) + col] * rstd3(col));
  }
`;

/** Needs b1At: dz as the first backward kernel stored it. */
export const DZ_WGSL = `
  fn dz(pos : i32, col : i32) -> f32 { return b1At(b1Dz() + pos * kc() + col); }
`;
/** Needs b2At: the gradient at the depthwise conv's output, as the second backward kernel stored it. */
export const DD_WGSL = `
  fn dd(pos : i32, c : i32) -> f32 { return b2At(pos * sp(${s.T}) + c); }
`;
/** Needs b3At: the gradient at the expansion's output, as the third backward kernel stored it. */
export const DE_WGSL = `
  fn de(row : i32, c : i32) -> f32 { return b3At(row * sp(${s.T}) + c); }
`;

/**
 * A work-group per channel `job` of C channels: writes value(row, job) for rows 0..R−1 at
 * result[row·C + job], then the channel's mean and (biased, two-pass) variance at R·C + job and
 * R·C + C + job. `value` is defined by the kernel.
 */
export const statsBody = (C: string, R: string) => `
  let C = ${C}; let R = ${R};
  var sum = 0.0;
  for (var r = lane; r < R; r += ${WG}) { let v = value(r, job); result[r * C + job] = v; sum += v; }
  let mean = wgSum(sum) / f32(R);
  var sq = 0.0;
  for (var r = lane; r < R; r += ${WG}) { let dv = result[r * C + job] - mean; sq += dv * dv; }
  let variance = wgSum(sq) / f32(R);
  if (lane == 0) { result[R * C + job] = mean; result[R * C + C + job] = variance; }
`;

/**
 * A work-group per channel `job` of C channels whose values value(row, job) are the gradient at a
 * BN + ReLU's output: takes BatchNorm's sums Σ d·x̂ (dγ) and Σ d (dβ), d = value · [relu > 0], into
 * R·C + job and R·C + C + job, and writes BatchNorm's input gradient γ·rstd·(d − dβ/m − x̂·dγ/m) for
 * rows 0..R−1 at result[row·C + job]. `value`, `xhat(row, c)`, `act(row, c)` and `rstd(c)` are given.
 */
export const sumsBody = (C: string, R: string, xhat: string, act: string, rstd: string, gamma: number) => `
  let C = ${C}; let R = ${R};
  var sg = 0.0; var sb = 0.0;
  for (var r = lane; r < R; r += ${WG}) {
    let d = select(0.0, value(r, job), ${act}(r, job) > 0.0);
    result[r * C + job] = d;
    sb += d;
    sg += d * ${xhat}(r, job);
  }
  let g = wgSum(sg);
  let b = wgSum(sb);
  if (lane == 0) { result[R * C + job] = g; result[R * C + C + job] = b; }
  let m = f32(R); let scale = P[sp(${gamma}) + job] * ${rstd}(job);
  for (var r = lane; r < R; r += ${WG}) {
    let centred = (result[r * C + job] - b / m) - ${xhat}(r, job) * (g / m);
    result[r * C + job] = centred * scale;
  }
`;
