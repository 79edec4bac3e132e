/**
 * The fused mixture layer's backward kernels, the mirror image of layer-forward.ts: four
 * dispatches. BN3's sums and the mixture weights' gradient share one; the gradients at the
 * projection's and the depthwise conv's inputs each come with the sums of the BatchNorm before
 * them; the last writes the layer input's gradient and every weight gradient, in P's layout.
 * BatchNorm's closed-form input gradient is recomputed where it is read, never stored.
 */
import { ElementwiseProgram, WG, WorkgroupProgram } from './backend-access';
import { CONV, SPEC, SPEC_WGSL } from './layer-spec';
import { at, D_WGSL, DD_WGSL, DE_WGSL, DZ_FORMULA_WGSL, DZ_WGSL, E_WGSL, OFFSETS_WGSL, sumsBody, Z_WGSL } from './layer-wgsl';

const s = SPEC;
const c = CONV;

/** The stage buffers joined in A (E, D, Z). */
const A_ACCESS = at('e', 'A') + at('d', 'A', 'eSize()') + at('z', 'A', 'eSize() + dSize()');

/**
 * BN3's sums of dzn·x̂ and dzn (dzn = dy · wts) and its input gradient dz, a work-group per
 * column; then d wts[row, k], the sum over the row's positions and channels of dy · BN3(z)_k
 * (dy · x for x's column), a work-group per entry. Output [2·K·cOut + rows·(K (+1)) + MO·K·cOut].
 */
export class LayerBn3SumsMixGradProgram extends WorkgroupProgram {
  constructor(kc: number, mixEntries: number, mo: number) {
    super(
      [2 * kc + mixEntries + mo * kc],
      kc + mixEntries,
      ['Dy', 'Wts', 'A', 'P', 'X', 'S'],
      `
      let COUT = sp(${s.COUT}); let K = sp(${s.K}); let KC = kc(); let MO = sp(${s.MO}); let WC = wcols();
      var s1 = 0.0; var s2 = 0.0;
      if (job < KC) {
        let k = job / COUT; let o = job % COUT;
        for (var pos = lane; pos < MO; pos += ${WG}) {
          let d = Dy[pos * COUT + o] * Wts[mixRow(pos) * WC + k];
          s2 += d;
          s1 += d * xhat3(pos, job);
        }
      } else {
        let q = job - KC; let r = q / WC; let k = q % WC;
        let per = select(sp(${s.HO}) * sp(${s.WO}), MO, sp(${s.ROWS}) == 1);
        for (var i = lane; i < per * COUT; i += ${WG}) {
          let pos = r * per + i / COUT; let o = i % COUT;
          var v = 0.0;
          if (k == K) { v = X[pos * COUT + o]; } else { v = bn3(pos, k * COUT + o); }
          s1 += Dy[pos * COUT + o] * v;
        }
      }
      let t1 = wgSum(s1);
      let t2 = wgSum(s2);
      if (lane == 0) {
        if (job < KC) { result[job] = t1; result[KC + job] = t2; } else { result[KC + job] = t1; }
      }
      if (job < KC) {
        for (var pos = lane; pos < MO; pos += ${WG}) { result[b1Dz() + pos * KC + job] = dzOf(pos, job, t1, t2); }
      }`,
      SPEC_WGSL + OFFSETS_WGSL + A_ACCESS + Z_WGSL + DZ_FORMULA_WGSL,
    );
  }
}

/** Gradient at the projection's input, da[pos, t] = Σ_o dz[pos, k, o] · w2, and BN2's sums. Output [MO·T + 2T]. */
export class LayerProjectBackSumsProgram extends WorkgroupProgram {
  constructor(mo: number, t: number) {
    super(
      [(mo + 2) * t],
      t,
      ['A', 'P', 'B', 'S'],
      sumsBody(`sp(${s.T})`, `sp(${s.MO})`, 'xhat2', 'a2', 'rstd2', s.G2),
      `${SPEC_WGSL + OFFSETS_WGSL + A_ACCESS + at('b1', 'B') + D_WGSL + DZ_WGSL}
      fn value(pos : i32, ch : i32) -> f32 {
        let COUT = sp(${s.COUT});
        let k = convAt(ch, ${c.OFF}); let j = ch - cv(k, ${c.OFF});
        let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let og = COUT / g;
        let gi = j / mg; let cl = j % mg;
        var acc = 0.0;
        for (var ol = 0; ol < og; ol++) {
          acc += dz(pos, k * COUT + gi * og + ol) * P[cv(k, ${c.W2}) + (gi * mg + cl) * og + ol];
        }
        return acc;
      }`,
    );
  }
}

/** Gradient at the depthwise input in expansion channel order (the shuffle undone), and BN1's sums. Output [M·T + 2T]. */
export class LayerDepthwiseBackSumsProgram extends WorkgroupProgram {
  constructor(m: number, t: number) {
    super(
      [(m + 2) * t],
      t,
      ['A', 'B', 'P', 'S'],
      sumsBody(`sp(${s.T})`, `sp(${s.M})`, 'xhat1', 'a1', 'rstd1', s.G1),
      `${SPEC_WGSL + OFFSETS_WGSL + at('e', 'A') + at('b2', 'B') + E_WGSL + DD_WGSL}
      fn value(pos : i32, u : i32) -> f32 {
        let T = sp(${s.T}); let H = sp(${s.H}); let W = sp(${s.W}); let HO = sp(${s.HO}); let WO = sp(${s.WO}); let st = sp(${s.STRIDE});
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
            acc += dd((b * HO + ny / st) * WO + nx / st, off + j) * P[cv(k, ${c.DW}) + (ky * K + kx) * mid + j];
          }
        }
        return acc;
      }`,
    );
  }
}

/** Weight gradients in P's layout: the expansion's, the depthwise filters', the projection's. */
const WEIGHT_GRADS_WGSL = `
  fn gradW1(w0 : i32) -> f32 {
    let T = sp(${s.T}); let CIN = sp(${s.CIN}); let M = sp(${s.M});
    let k = convAt(w0, ${c.W1}); let w = w0 - cv(k, ${c.W1});
    let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let cg = CIN / g;
    let gi = w / (cg * mg); let il = (w % (cg * mg)) / mg; let jl = w % mg;
    let ch = cv(k, ${c.OFF}) + gi * mg + jl;
    var acc = 0.0;
    for (var row = 0; row < M; row++) { acc += X[row * CIN + gi * cg + il] * de(row, ch); }
    return acc;
  }
  fn gradDw(w0 : i32) -> f32 {
    let H = sp(${s.H}); let W = sp(${s.W}); let HO = sp(${s.HO}); let WO = sp(${s.WO}); let st = sp(${s.STRIDE});
    let k = convAt(w0, ${c.DW}); let w = w0 - cv(k, ${c.DW});
    let off = cv(k, ${c.OFF}); let mid = cv(k, ${c.MID}); let K = cv(k, ${c.KSIZE});
    let tap = w / mid; let j = w % mid; let ky = tap / K; let kx = tap % K;
    let srcCh = off + shuffled(j, mid, cv(k, ${c.GROUPS}));
    let pt = padBefore(HO, H, K); let pl = padBefore(WO, W, K);
    var acc = 0.0;
    for (var b = 0; b < sp(${s.N}); b++) {
      for (var oy = 0; oy < HO; oy++) {
        let iy = oy * st + ky - pt;
        if (iy < 0 || iy >= H) { continue; }
        for (var ox = 0; ox < WO; ox++) {
          let ix = ox * st + kx - pl;
          if (ix < 0 || ix >= W) { continue; }
          acc += dd((b * HO + oy) * WO + ox, off + j) * a1((b * H + iy) * W + ix, srcCh);
        }
      }
    }
    return acc;
  }
  fn gradW2(w0 : i32) -> f32 {
    let COUT = sp(${s.COUT}); let MO = sp(${s.MO});
    let k = convAt(w0, ${c.W2}); let w = w0 - cv(k, ${c.W2});
    let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let og = COUT / g;
    let gi = w / (mg * og); let cl = (w % (mg * og)) / og; let ol = w % og;
    let ch = cv(k, ${c.OFF}) + gi * mg + cl; let col = k * COUT + gi * og + ol;
    var acc = 0.0;
    for (var pos = 0; pos < MO; pos++) { acc += a2(pos, ch) * dz(pos, col); }
    return acc;
  }
`;

/**
 * The layer input's gradient through every candidate's expansion (and x's own weight) [M·cIn],
 * then, unless only the input's gradient is asked for, the gradient of P in its layout: the
 * three convs' weights, and BN1's, BN2's and BN3's sums as dγ, dβ. Output [M·cIn (+ |P|)].
 */
export class LayerGradsProgram extends ElementwiseProgram {
  constructor(size: number) {
    super(
      [size],
      size,
      ['X', 'Dy', 'Wts', 'P', 'A', 'R', 'S'],
      'n : i32,',
      `
      let T = sp(${s.T}); let CIN = sp(${s.CIN}); let MC = sp(${s.M}) * CIN;
      if (index < MC) {
        let i = index % CIN; let row = index / CIN;
        var acc = 0.0;
        for (var k = 0; k < sp(${s.K}); k++) {
          let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let cg = CIN / g;
          let gi = i / cg; let il = i % cg;
          for (var jl = 0; jl < mg; jl++) {
            acc += de(row, cv(k, ${c.OFF}) + gi * mg + jl) * P[cv(k, ${c.W1}) + (gi * cg + il) * mg + jl];
          }
        }
        if (sp(${s.RESID}) == 1) { acc += Dy[index] * Wts[mixRow(row) * wcols() + sp(${s.K})]; }
        result[index] = acc;
      } else {
        let p = index - MC;
        var v = 0.0;
        if (p < cv(0, ${c.DW})) { v = gradW1(p); }
        else if (p < cv(0, ${c.W2})) { v = gradDw(p); }
        else if (p < sp(${s.G1})) { v = gradW2(p); }
        else if (p < sp(${s.G2})) { v = b3At(sp(${s.M}) * T + p - sp(${s.G1})); }
        else if (p < sp(${s.G3})) { v = b2At(sp(${s.MO}) * T + p - sp(${s.G2})); }
        else { v = b1At(p - sp(${s.G3})); }
        result[index] = v;
      }`,
      SPEC_WGSL +
        OFFSETS_WGSL +
        A_ACCESS +
        at('b1', 'R') +
        at('b2', 'R', 'b1Size()') +
        at('b3', 'R', 'b1Size() + dSize()') +
        E_WGSL +
        D_WGSL +
        Z_WGSL +
        DZ_WGSL +
        DD_WGSL +
        DE_WGSL +
        WEIGHT_GRADS_WGSL,
    );
  }
}
