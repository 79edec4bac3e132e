/**
 * The fused mixture layer's backward kernels, the mirror image of layer-forward.ts: BatchNorm's
 * closed-form gradient (per-channel sums, then one element-wise pass), the input and weight
 * gradients of the expansion, depthwise and projection convs, and the mixture weights' gradient.
 * Weight gradients are written in P's layout, so the layer's dP is their concatenation.
 */
import { ElementwiseProgram } from './backend-access';
import { BN3_WGSL, MIX_ROW_WGSL } from './layer-forward';
import { CONV, SPEC, SPEC_WGSL } from './layer-spec';

const s = SPEC;
const c = CONV;

/** BN3's sums of dzn·x̂ and dzn, with dzn = dy · wts. Output [2, K·cOut]: dγ3, dβ3. */
export class LayerBn3SumsProgram extends ElementwiseProgram {
  constructor(kc: number) {
    super(
      [2, kc],
      kc,
      ['Dy', 'Wts', 'Z', 'St', 'S'],
      'n : i32,',
      `
      let COUT = sp(${s.COUT}); let K = sp(${s.K}); let KC = K * COUT; let MO = sp(${s.MO});
      let k = index / COUT; let o = index % COUT;
      let rstd = inverseSqrt(St[KC + index] + EPS);
      var sg = 0.0; var sb = 0.0;
      for (var pos = 0; pos < MO; pos++) {
        let d = Dy[pos * COUT + o] * Wts[mixRow(pos) * wcols() + k];
        sb += d;
        sg += d * ((Z[pos * KC + index] - St[index]) * rstd);
      }
      result[index] = sg;
      result[KC + index] = sb;`,
      SPEC_WGSL + MIX_ROW_WGSL,
    );
  }
}

/** d wts[row, k] = Σ over the row's positions and channels of dy · BN3(z)_k (dy · x for x's column). Output [rows, K (+1)]. */
export class LayerMixGradProgram extends ElementwiseProgram {
  constructor(rows: number, cols: number) {
    super(
      [rows, cols],
      rows * cols,
      ['Dy', 'Z', 'St', 'P', 'X', 'S'],
      'n : i32,',
      `
      let COUT = sp(${s.COUT}); let K = sp(${s.K}); let MO = sp(${s.MO}); let WC = wcols();
      let r = index / WC; let k = index % WC;
      let per = select(sp(${s.HO}) * sp(${s.WO}), MO, sp(${s.ROWS}) == 1);
      var acc = 0.0;
      for (var pos = r * per; pos < (r + 1) * per; pos++) {
        for (var o = 0; o < COUT; o++) {
          let v = select(bn3(pos, k * COUT + o), X[pos * COUT + o], k == K);
          acc += Dy[pos * COUT + o] * v;
        }
      }
      result[index] = acc;`,
      SPEC_WGSL + BN3_WGSL,
    );
  }
}

/** dz = γ·rstd·(dzn − dβ/m − x̂·dγ/m), dzn = dy · wts: the gradient at BN3's input. Output [MO, K·cOut]. */
export class LayerBn3BackProgram extends ElementwiseProgram {
  constructor(mo: number, kc: number) {
    super(
      [mo, kc],
      mo * kc,
      ['Dy', 'Wts', 'Z', 'St', 'P', 'Sums', 'S'],
      'n : i32,',
      `
      let COUT = sp(${s.COUT}); let K = sp(${s.K}); let KC = K * COUT; let m = f32(sp(${s.MO}));
      let col = index % KC; let pos = index / KC;
      let rstd = inverseSqrt(St[KC + col] + EPS);
      let xhat = (Z[index] - St[col]) * rstd;
      let d = Dy[pos * COUT + col % COUT] * Wts[mixRow(pos) * wcols() + col / COUT];
      let centred = (d - Sums[KC + col] / m) - xhat * (Sums[col] / m);
      result[index] = centred * (P[sp(${s.G3}) + col] * rstd);`,
      SPEC_WGSL + MIX_ROW_WGSL,
    );
  }
}

/** BN+ReLU's sums of d·x̂ and d, d = da · [a > 0], from the BN input x [rows, C]. Output [2, C]: dγ, dβ. */
export class LayerBnSumsProgram extends ElementwiseProgram {
  constructor(channels: number) {
    super(
      [2, channels],
      channels,
      ['Da', 'A', 'X', 'St'],
      'n : i32, rows : i32,',
      `
      let C = uniforms.n;
      let rstd = inverseSqrt(St[C + index] + 1e-5);
      var sg = 0.0; var sb = 0.0;
      for (var r = 0; r < uniforms.rows; r++) {
        let i = r * C + index;
        let d = select(0.0, Da[i], A[i] > 0.0);
        sb += d;
        sg += d * ((X[i] - St[index]) * rstd);
      }
      result[index] = sg;
      result[C + index] = sb;`,
    );
  }
}

/** BN+ReLU's input gradient from its sums. Output [rows, C]. */
export class LayerBnBackProgram extends ElementwiseProgram {
  constructor(rows: number, channels: number) {
    super(
      [rows, channels],
      rows * channels,
      ['Da', 'A', 'X', 'St', 'P', 'Sums'],
      'n : i32, c : i32, rows : i32, gamma : i32,',
      `
      let C = uniforms.c; let ch = index % C; let m = f32(uniforms.rows);
      let rstd = inverseSqrt(St[C + ch] + 1e-5);
      let xhat = (X[index] - St[ch]) * rstd;
      let d = select(0.0, Da[index], A[index] > 0.0);
      let centred = (d - Sums[C + ch] / m) - xhat * (Sums[ch] / m);
      result[index] = centred * (P[uniforms.gamma + ch] * rstd);`,
    );
  }
}

/** Gradient at the projection's input: da[pos, t] = Σ_o dz[pos, k, o] · w2. Output [MO, T]. */
export class LayerProjectBackInputProgram extends ElementwiseProgram {
  constructor(mo: number, t: number) {
    super(
      [mo, t],
      mo * t,
      ['Dz', 'P', 'S'],
      'n : i32,',
      `
      let T = sp(${s.T}); let COUT = sp(${s.COUT}); let KC = sp(${s.K}) * COUT;
      let ch = index % T; let pos = index / T;
      let k = convAt(ch, ${c.OFF}); let j = ch - cv(k, ${c.OFF});
      let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let og = COUT / g;
      let gi = j / mg; let cl = j % mg;
      var acc = 0.0;
      for (var ol = 0; ol < og; ol++) {
        acc += Dz[pos * KC + k * COUT + gi * og + ol] * P[cv(k, ${c.W2}) + (gi * mg + cl) * og + ol];
      }
      result[index] = acc;`,
      SPEC_WGSL,
    );
  }
}

/** d w2 = Σ_pos a · dz, in P's w2 layout. Output [Σ w2 sizes]. */
export class LayerProjectBackWeightProgram extends ElementwiseProgram {
  constructor(size: number) {
    super(
      [size],
      size,
      ['Dz', 'A', 'S'],
      'n : i32,',
      `
      let T = sp(${s.T}); let COUT = sp(${s.COUT}); let KC = sp(${s.K}) * COUT; let MO = sp(${s.MO});
      let at = cv(0, ${c.W2}) + index;
      let k = convAt(at, ${c.W2}); let w = at - cv(k, ${c.W2});
      let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let og = COUT / g;
      let gi = w / (mg * og); let cl = (w % (mg * og)) / og; let ol = w % og;
      var acc = 0.0;
      for (var pos = 0; pos < MO; pos++) {
        acc += A[pos * T + cv(k, ${c.OFF}) + gi * mg + cl] * Dz[pos * KC + k * COUT + gi * og + ol];
      }
      result[index] = acc;`,
      SPEC_WGSL,
    );
  }
}

/** Gradient at the depthwise input, in expansion channel order (the shuffle undone). Output [M, T]. */
export class LayerDepthwiseBackInputProgram extends ElementwiseProgram {
  constructor(m: number, t: number) {
    super(
      [m, t],
      m * t,
      ['Dd', 'P', 'S'],
      'n : i32,',
      `
      let T = sp(${s.T}); let H = sp(${s.H}); let W = sp(${s.W}); let HO = sp(${s.HO}); let WO = sp(${s.WO}); let st = sp(${s.STRIDE});
      let u = index % T; let pos = index / T;
      let ix = pos % W; let iy = (pos / W) % H; let b = pos / (W * H);
      let k = convAt(u, ${c.OFF}); let off = cv(k, ${c.OFF});
      let mid = cv(k, ${c.MID}); let g = cv(k, ${c.GROUPS}); let K = cv(k, ${c.KSIZE});
      let q = u - off; let mg = mid / g;
      let j = (q % mg) * g + q / mg;
      let pt = padBefore(HO, H, K); let pl = padBefore(WO, W, K);
      var acc = 0.0;
      for (var ky = 0; ky < K; ky++) {
        let ny = iy + pt - ky;
        if (ny < 0 || ny % st != 0 || ny / st >= HO) { continue; }
        for (var kx = 0; kx < K; kx++) {
          let nx = ix + pl - kx;
          if (nx < 0 || nx % st != 0 || nx / st >= WO) { continue; }
          acc += Dd[((b * HO + ny / st) * WO + nx / st) * T + off + j] * P[cv(k, ${c.DW}) + (ky * K + kx) * mid + j];
        }
      }
      result[index] = acc;`,
      SPEC_WGSL,
    );
  }
}

/** d filter = Σ over positions of dd · (shuffled) input, in P's dw layout. Output [Σ dw sizes]. */
export class LayerDepthwiseBackFilterProgram extends ElementwiseProgram {
  constructor(size: number) {
    super(
      [size],
      size,
      ['Dd', 'A', 'S'],
      'n : i32,',
      `
      let T = sp(${s.T}); let H = sp(${s.H}); let W = sp(${s.W}); let HO = sp(${s.HO}); let WO = sp(${s.WO}); let st = sp(${s.STRIDE});
      let at = cv(0, ${c.DW}) + index;
      let k = convAt(at, ${c.DW}); let w = at - cv(k, ${c.DW});
      let off = cv(k, ${c.OFF}); let mid = cv(k, ${c.MID}); let K = cv(k, ${c.KSIZE});
      let tap = w / mid; let j = w % mid; let ky = tap / K; let kx = tap % K;
      let src = off + shuffled(j, mid, cv(k, ${c.GROUPS}));
      let pt = padBefore(HO, H, K); let pl = padBefore(WO, W, K);
      var acc = 0.0;
      for (var b = 0; b < sp(${s.N}); b++) {
        for (var oy = 0; oy < HO; oy++) {
          let iy = oy * st + ky - pt;
          if (iy < 0 || iy >= H) { continue; }
          for (var ox = 0; ox < WO; ox++) {
            let ix = ox * st + kx - pl;
            if (ix < 0 || ix >= W) { continue; }
            acc += Dd[((b * HO + oy) * WO + ox) * T + off + j] * A[((b * H + iy) * W + ix) * T + src];
          }
        }
      }
      result[index] = acc;`,
      SPEC_WGSL,
    );
  }
}

/** Gradient at the layer input through every candidate's expansion (and x's own weight). Output [M, cIn]. */
export class LayerExpandBackInputProgram extends ElementwiseProgram {
  constructor(m: number, cIn: number) {
    super(
      [m, cIn],
      m * cIn,
      ['De', 'P', 'Dy', 'Wts', 'S'],
      'n : i32,',
      `
      let T = sp(${s.T}); let CIN = sp(${s.CIN});
      let i = index % CIN; let row = index / CIN;
      var acc = 0.0;
      for (var k = 0; k < sp(${s.K}); k++) {
        let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let cg = CIN / g;
        let gi = i / cg; let il = i % cg;
        for (var jl = 0; jl < mg; jl++) {
          acc += De[row * T + cv(k, ${c.OFF}) + gi * mg + jl] * P[cv(k, ${c.W1}) + (gi * cg + il) * mg + jl];
        }
      }
      if (sp(${s.RESID}) == 1) { acc += Dy[index] * Wts[mixRow(row) * wcols() + sp(${s.K})]; }
      result[index] = acc;`,
      SPEC_WGSL + MIX_ROW_WGSL,
    );
  }
}

/** d w1 = Σ_m x · de, in P's w1 layout. Output [Σ w1 sizes]. */
export class LayerExpandBackWeightProgram extends ElementwiseProgram {
  constructor(size: number) {
    super(
      [size],
      size,
      ['De', 'X', 'S'],
      'n : i32,',
      `
      let T = sp(${s.T}); let CIN = sp(${s.CIN}); let M = sp(${s.M});
      let at = cv(0, ${c.W1}) + index;
      let k = convAt(at, ${c.W1}); let w = at - cv(k, ${c.W1});
      let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let cg = CIN / g;
      let gi = w / (cg * mg); let il = (w % (cg * mg)) / mg; let jl = w % mg;
      var acc = 0.0;
      for (var row = 0; row < M; row++) {
        acc += X[row * CIN + gi * cg + il] * De[row * T + cv(k, ${c.OFF}) + gi * mg + jl];
      }
      result[index] = acc;`,
      SPEC_WGSL,
    );
  }
}
