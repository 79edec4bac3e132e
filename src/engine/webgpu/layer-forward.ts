/**
 * The fused mixture layer's forward kernels (one dispatch each). Indices follow NHWC: a position
 * p = (n·H + y)·W + x, a tensor [positions, channels]. S is the layer spec (layer-spec.ts), P the
 * layer's flat weights. Every loop accumulates in the order tfjs's cpu kernels do where it matters
 * for float32 (sums over one axis, front to back).
 */
import { ElementwiseProgram } from './backend-access';
import { CONV, SPEC, SPEC_WGSL } from './layer-spec';

const s = SPEC;
const c = CONV;

/** e[m, t] = Σ_i x[m, i] · w1 over candidate k(t)'s group of inputs. Output [M, T]. */
export class LayerExpandProgram extends ElementwiseProgram {
  constructor(m: number, t: number) {
    super(
      [m, t],
      m * t,
      ['X', 'P', 'S'],
      'n : i32,',
      `
      let T = sp(${s.T}); let CIN = sp(${s.CIN});
      let row = index / T; let ch = index % T;
      let k = convAt(ch, ${c.OFF}); let j = ch - cv(k, ${c.OFF});
      let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let cg = CIN / g;
      let gi = j / mg; let jl = j % mg;
      var acc = 0.0;
      for (var il = 0; il < cg; il++) {
        acc += X[row * CIN + gi * cg + il] * P[cv(k, ${c.W1}) + (gi * cg + il) * mg + jl];
      }
      result[index] = acc;`,
      SPEC_WGSL,
    );
  }
}

/** Per-channel batch mean and (biased) variance of x [rows, C]. Output [2, C]: means, variances. */
export class LayerStatsProgram extends ElementwiseProgram {
  constructor(channels: number) {
    super(
      [2, channels],
      channels,
      ['X'],
      'n : i32, rows : i32,',
      `
      let C = uniforms.n; let rows = uniforms.rows;
      var sum = 0.0;
      for (var r = 0; r < rows; r++) { sum += X[r * C + index]; }
      let mean = sum / f32(rows);
      var sq = 0.0;
      for (var r = 0; r < rows; r++) { let d = X[r * C + index] - mean; sq += d * d; }
      result[index] = mean;
      result[C + index] = sq / f32(rows);`,
    );
  }
}

/** BatchNorm with batch statistics, then ReLU: x [rows, C], stats [2, C], γ and β at offsets in P. */
export class LayerBnReluProgram extends ElementwiseProgram {
  constructor(rows: number, channels: number) {
    super(
      [rows, channels],
      rows * channels,
      ['X', 'St', 'P'],
      'n : i32, c : i32, gamma : i32, beta : i32,',
      `
      let ch = index % uniforms.c;
      let xhat = (X[index] - St[ch]) * inverseSqrt(St[uniforms.c + ch] + 1e-5);
      result[index] = max(xhat * P[uniforms.gamma + ch] + P[uniforms.beta + ch], 0.0);`,
    );
  }
}

/** Every candidate's K×K depthwise conv ("same" padding, the layer's stride) on its shuffled channels. Output [MO, T]. */
export class LayerDepthwiseProgram extends ElementwiseProgram {
  constructor(mo: number, t: number) {
    super(
      [mo, t],
      mo * t,
      ['A', 'P', 'S'],
      'n : i32,',
      `
      let T = sp(${s.T}); let H = sp(${s.H}); let W = sp(${s.W}); let HO = sp(${s.HO}); let WO = sp(${s.WO}); let st = sp(${s.STRIDE});
      let ch = index % T; let pos = index / T;
      let ox = pos % WO; let oy = (pos / WO) % HO; let b = pos / (WO * HO);
      let k = convAt(ch, ${c.OFF}); let off = cv(k, ${c.OFF}); let j = ch - off;
      let mid = cv(k, ${c.MID}); let K = cv(k, ${c.KSIZE});
      let src = off + shuffled(j, mid, cv(k, ${c.GROUPS}));
      let pt = padBefore(HO, H, K); let pl = padBefore(WO, W, K);
      var acc = 0.0;
      for (var ky = 0; ky < K; ky++) {
        let iy = oy * st + ky - pt;
        if (iy < 0 || iy >= H) { continue; }
        for (var kx = 0; kx < K; kx++) {
          let ix = ox * st + kx - pl;
          if (ix < 0 || ix >= W) { continue; }
          acc += A[((b * H + iy) * W + ix) * T + src] * P[cv(k, ${c.DW}) + (ky * K + kx) * mid + j];
        }
      }
      result[index] = acc;`,
      SPEC_WGSL,
    );
  }
}

/** Each candidate's 1×1 projection (groups g) of its own channels. Output [MO, K·cOut]. */
export class LayerProjectProgram extends ElementwiseProgram {
  constructor(mo: number, kc: number) {
    super(
      [mo, kc],
      mo * kc,
      ['A', 'P', 'S'],
      'n : i32,',
      `
      let T = sp(${s.T}); let COUT = sp(${s.COUT}); let KC = sp(${s.K}) * COUT;
      let col = index % KC; let pos = index / KC;
      let k = col / COUT; let o = col % COUT;
      let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let og = COUT / g;
      let gi = o / og; let ol = o % og;
      var acc = 0.0;
      for (var cl = 0; cl < mg; cl++) {
        acc += A[pos * T + cv(k, ${c.OFF}) + gi * mg + cl] * P[cv(k, ${c.W2}) + (gi * mg + cl) * og + ol];
      }
      result[index] = acc;`,
      SPEC_WGSL,
    );
  }
}

/** WGSL: the mixture row of position pos: its sample's, or the single row. */
export const MIX_ROW_WGSL = `
  fn mixRow(pos : i32) -> i32 { return select(pos / (sp(${s.HO}) * sp(${s.WO})), 0, sp(${s.ROWS}) == 1); }
`;

/** WGSL: candidate k's BN3 output at (pos, o) from z [MO, K·cOut] and its stats. */
export const BN3_WGSL = `${MIX_ROW_WGSL}
  fn bn3(pos : i32, col : i32) -> f32 {
    let KC = sp(${s.K}) * sp(${s.COUT});
    let xhat = (Z[pos * KC + col] - St[col]) * inverseSqrt(St[KC + col] + EPS);
    return xhat * P[sp(${s.G3}) + col] + P[sp(${s.B3}) + col];
  }
`;

/** Σ_k wts[row, k] · BN3(z)[·, k, o] (+ wts[row, K] · x): the Gumbel-weighted sum. Output [MO, cOut]. */
export class LayerCombineProgram extends ElementwiseProgram {
  constructor(mo: number, cOut: number) {
    super(
      [mo, cOut],
      mo * cOut,
      ['Z', 'St', 'P', 'Wts', 'X', 'S'],
      'n : i32,',
      `
      let COUT = sp(${s.COUT}); let K = sp(${s.K}); let WC = wcols();
      let o = index % COUT; let pos = index / COUT; let r = mixRow(pos);
      var acc = 0.0;
      for (var k = 0; k < K; k++) { acc += bn3(pos, k * COUT + o) * Wts[r * WC + k]; }
      if (sp(${s.RESID}) == 1) { acc += X[index] * Wts[r * WC + K]; }
      result[index] = acc;`,
      SPEC_WGSL + BN3_WGSL,
    );
  }
}
