/**
 * The fused mixture layer's backward kernels, the mirror image of layer-forward.ts: four
 * dispatches. BN3's sums and the mixture weights' gradient share one; the gradients at the
 * projection's and the depthwise conv's inputs each come with the sums of the BatchNorm before
 * them; the last writes the layer input's gradient and every weight gradient, in P's layout.
 * BatchNorm's closed-form input gradient is stored by the kernel that has its sums.
 *
 * As in the forward, a thread reads its channel's or weight's constants once (offsets, BN
 * statistics) and its loops read only their operands; the transposed depthwise conv steps
 * through the taps that land on an output by the stride instead of testing every tap with a
 * division (integer division is scalarised on a CPU adapter).
 */
import { ElementwiseProgram, WorkgroupProgram } from './backend-access';
import { CONV, SPEC, SPEC_WGSL } from './layer-spec';
import { at, BN_WGSL, D_WGSL, E_WGSL, GEOM_WGSL, GRAD_BASES_WGSL, OFFSETS_WGSL, sumsBody, Z_WGSL } from './layer-wgsl';

const s = SPEC;
const c = CONV;

/** The stage buffers joined in A (E, D, Z). */
const A_ACCESS = at('e', 'A') + at('d', 'A', 'eSize()') + at('z', 'A', 'eSize() + dSize()');

/**
 * BN3's sums of dzn·x̂ and dzn (dzn = dy · wts) and its input gradient dz, a job per column; then
 * d wts[row, k], the sum over the row's positions and channels of dy · BN3(z)_k (dy · x for x's
 * column), a job per entry. Output [2·K·cOut + rows·(K (+1)) + MO·K·cOut].
 */
export class LayerBn3SumsMixGradProgram extends WorkgroupProgram {
  constructor(kc: number, mixEntries: number, mo: number, lanes: number) {
    super(
      [2 * kc + mixEntries + mo * kc],
      kc + mixEntries,
      ['Dy', 'Wts', 'A', 'P', 'X', 'S'],
      `
      let COUT = sp(${s.COUT}); let K = sp(${s.K}); let KC = kc(); let MO = sp(${s.MO}); let WC = wcols();
      let zb = eSize() + dSize(); let one = sp(${s.ROWS}) == 1; let PER = sp(${s.HO}) * sp(${s.WO});
      var s1 = 0.0; var s2 = 0.0;
      if (job < KC) {
        let k = job / COUT; let o = job % COUT; let bn = bn3(job);
        for (var pos = lane; pos < MO; pos += LANES) {
          let d = Dy[pos * COUT + o] * Wts[select(pos / PER, 0, one) * WC + k];
          s2 += d;
          s1 += d * bnXhat(A[zb + pos * KC + job], bn);
        }
      } else {
        let q = job - KC; let r = q / WC; let k = q % WC;
        let per = select(PER, MO, one); let first = r * per;
        if (k == K) {
          let at = first * COUT;
          for (var i = lane; i < per * COUT; i += LANES) { s1 += Dy[at + i] * X[at + i]; }
        } else {
          for (var o = 0; o < COUT; o++) {
            let col = k * COUT + o; let bn = bn3(col);
            for (var p = first + lane; p < first + per; p += LANES) {
              s1 += Dy[p * COUT + o] * (bnXhat(A[zb + p * KC + col], bn) * bn.gamma + bn.beta);
            }
          }
        }
      }
      let t1 = wgSum(s1);
      let t2 = wgSum(s2);
      if (lane == 0) {
        if (job < KC) { result[job] = t1; result[KC + job] = t2; } else { result[KC + job] = t1; }
      }
      if (job < KC) {
        // BN3's input gradient γ·rstd·(dzn − dβ/m − x̂·dγ/m).
        let k = job / COUT; let o = job % COUT; let bn = bn3(job);
        let m = f32(MO); let scale = bn.gamma * bn.rstd; let dzb = b1Dz();
        for (var pos = lane; pos < MO; pos += LANES) {
          let d = Dy[pos * COUT + o] * Wts[select(pos / PER, 0, one) * WC + k];
          let centred = (d - t2 / m) - bnXhat(A[zb + pos * KC + job], bn) * (t1 / m);
          result[dzb + pos * KC + job] = centred * scale;
        }
      }`,
      SPEC_WGSL + OFFSETS_WGSL + BN_WGSL + A_ACCESS + Z_WGSL,
      '',
      lanes,
    );
  }
}

/** Gradient at the projection's input, da[pos, t] = Σ_o dz[pos, k, o] · w2, and BN2's sums. Output [MO·T + 2T]. */
export class LayerProjectBackSumsProgram extends WorkgroupProgram {
  constructor(mo: number, t: number, lanes: number) {
    super(
      [(mo + 2) * t],
      t,
      ['A', 'P', 'B', 'S'],
      sumsBody(`sp(${s.T})`, `sp(${s.MO})`, 'd', 'bn2', true),
      `${SPEC_WGSL + OFFSETS_WGSL + BN_WGSL + A_ACCESS + D_WGSL}
      /** Channel ch reads dz's columns at zb.. zb + og − 1 of a position, with weights wb.. */
      struct Chan { kc : i32, zb : i32, og : i32, wb : i32 }
      fn chan(ch : i32) -> Chan {
        let COUT = sp(${s.COUT});
        let k = convAt(ch, ${c.OFF}); let j = ch - cv(k, ${c.OFF});
        let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let og = COUT / g;
        let gi = j / mg; let cl = j % mg;
        return Chan(kc(), b1Dz() + k * COUT + gi * og, og, cv(k, ${c.W2}) + (gi * mg + cl) * og);
      }
      fn value4(pos : vec4<i32>, q : Chan) -> vec4<f32> {
        let zb = q.zb + pos * q.kc;
        var acc = vec4<f32>(0.0);
        for (var ol = 0; ol < q.og; ol++) {
          acc += vec4<f32>(B[zb.x + ol], B[zb.y + ol], B[zb.z + ol], B[zb.w + ol]) * P[q.wb + ol];
        }
        return acc;
      }`,
      '',
      lanes,
    );
  }
}

/** Gradient at the depthwise input in expansion channel order (the shuffle undone), and BN1's sums. Output [M·T + 2T]. */
export class LayerDepthwiseBackSumsProgram extends WorkgroupProgram {
  constructor(m: number, t: number, lanes: number) {
    super(
      [(m + 2) * t],
      t,
      ['A', 'B', 'P', 'S'],
      sumsBody(`sp(${s.T})`, `sp(${s.M})`, 'e', 'bn1', true),
      `${SPEC_WGSL + OFFSETS_WGSL + BN_WGSL + GEOM_WGSL + at('e', 'A') + E_WGSL}
      /** Expansion channel u feeds depthwise channel dc, whose taps are at wb + tap·mid. */
      struct Chan { t : i32, dc : i32, wb : i32, mid : i32, K : i32, pt : i32, pl : i32, g : Geom }
      fn chan(u : i32) -> Chan {
        let g = geom();
        let k = convAt(u, ${c.OFF}); let off = cv(k, ${c.OFF});
        let mid = cv(k, ${c.MID}); let mg = mid / cv(k, ${c.GROUPS}); let K = cv(k, ${c.KSIZE});
        let q = u - off;
        let j = (q % mg) * cv(k, ${c.GROUPS}) + q / mg;
        return Chan(sp(${s.T}), off + j, cv(k, ${c.DW}) + j, mid, K, padBefore(g.ho, g.h, K), padBefore(g.wo, g.w, K), g);
      }
      // Tap ky reaches output row (iy + pt − ky) / st where that divides: from ky = (iy + pt) mod st
      // in steps of st, the output row falling by one each step.
      fn value(pos : i32, q : Chan) -> f32 {
        let g = q.g; let st = g.st;
        let ix = pos % g.w; let rest = pos / g.w; let iy = rest % g.h; let b = rest / g.h;
        let ry = iy + q.pt; let rx = ix + q.pl;
        var acc = 0.0;
        var oy = ry / st;
        for (var ky = ry % st; ky < q.K && oy >= 0; ky += st) {
          if (oy < g.ho) {
            let rowAt = (b * g.ho + oy) * g.wo;
            var ox = rx / st;
            for (var kx = rx % st; kx < q.K && ox >= 0; kx += st) {
              if (ox < g.wo) { acc += B[(rowAt + ox) * q.t + q.dc] * P[q.wb + (ky * q.K + kx) * q.mid]; }
              ox -= 1;
            }
          }
          oy -= 1;
        }
        return acc;
      }
      // Four input positions at stride 1 as in the forward's value4: the union of their taps, a
      // weight read once for the four, out-of-range taps masked. Other strides take one at a time.
      fn value4(pos : vec4<i32>, q : Chan) -> vec4<f32> {
        let g = q.g;
        if (g.st != 1) { return vec4<f32>(value(pos.x, q), value(pos.y, q), value(pos.z, q), value(pos.w, q)); }
        let ix = pos % g.w; let rest = pos / g.w; let iy = rest % g.h; let b = rest / g.h;
        let ry = iy + q.pt; let rx = ix + q.pl;
        let ly = max(vec4<i32>(0), ry - g.ho + 1); let hy = min(vec4<i32>(q.K), ry + 1);
        let lx = max(vec4<i32>(0), rx - g.wo + 1); let hx = min(vec4<i32>(q.K), rx + 1);
        let zero = vec4<f32>(0.0);
        var acc = zero;
        for (var ky = min(min(ly.x, ly.y), min(ly.z, ly.w)); ky < max(max(hy.x, hy.y), max(hy.z, hy.w)); ky++) {
          let oy = ry - ky; let vy = (oy >= vec4<i32>(0)) & (oy < vec4<i32>(g.ho));
          let rowAt = (b * g.ho + oy) * g.wo;
          for (var kx = min(min(lx.x, lx.y), min(lx.z, lx.w)); kx < max(max(hx.x, hx.y), max(hx.z, hx.w)); kx++) {
            let ox = rx - kx; let v = vy & (ox >= vec4<i32>(0)) & (ox < vec4<i32>(g.wo));
            let at = select(vec4<i32>(0), (rowAt + ox) * q.t + q.dc, v);
            let d = select(zero, vec4<f32>(B[at.x], B[at.y], B[at.z], B[at.w]), v);
            acc += d * P[q.wb + (ky * q.K + kx) * q.mid];
          }
        }
        return acc;
      }`,
      '',
      lanes,
    );
  }
}

/** Weight gradients in P's layout: the expansion's, the depthwise filters', the projection's. */
const WEIGHT_GRADS_WGSL = `
    struct Quad { v : vec4<f32>, ok : bool }
  /** Weights w0.. w0 + 3 of the expansion when they share an input (one X read serves four). */
  fn gradW1x4(w0 : i32) -> Quad {
    let T = sp(${s.T}); let CIN = sp(${s.CIN}); let M = sp(${s.M});
    let k = convAt(w0, ${c.W1}); let w = w0 - cv(k, ${c.W1});
    let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let cg = CIN / g;
    let gi = w / (cg * mg); let il = (w % (cg * mg)) / mg; let jl = w % mg;
    if (jl + 3 >= mg) { return Quad(vec4<f32>(0.0), false); }
    let xi = gi * cg + il; let ch = deBase() + cv(k, ${c.OFF}) + gi * mg + jl;
    var acc = vec4<f32>(0.0);
    for (var row = 0; row < M; row++) {
      let at = ch + row * T;
      acc += X[row * CIN + xi] * vec4<f32>(R[at], R[at + 1], R[at + 2], R[at + 3]);
    }
    return Quad(acc, true);
  }
  fn gradW1(w0 : i32) -> f32 {
    let T = sp(${s.T}); let CIN = sp(${s.CIN}); let M = sp(${s.M});
    let k = convAt(w0, ${c.W1}); let w = w0 - cv(k, ${c.W1});
    let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let cg = CIN / g;
    let gi = w / (cg * mg); let il = (w % (cg * mg)) / mg; let jl = w % mg;
    let xi = gi * cg + il; let ch = deBase() + cv(k, ${c.OFF}) + gi * mg + jl;
    var acc = 0.0;
    for (var row = 0; row < M; row++) { acc += X[row * CIN + xi] * R[ch + row * T]; }
    return acc;
  }
  /** The outputs o in [lo, hi) whose input o·st + k − pad lies in [0, size). */
  fn tapSpan(k : i32, pad : i32, size : i32, outSize : i32, st : i32) -> vec2<i32> {
    let a = pad - k; let z = size - 1 + pad - k;
    let lo = select((a + st - 1) / st, 0, a <= 0);
    let hi = select(min(outSize, z / st + 1), 0, z < 0);
    return vec2<i32>(lo, hi);
  }
  fn gradDw(w0 : i32) -> f32 {
    let g = geom(); let T = sp(${s.T}); let ddB = ddBase();
    let k = convAt(w0, ${c.DW}); let w = w0 - cv(k, ${c.DW});
    let off = cv(k, ${c.OFF}); let mid = cv(k, ${c.MID}); let K = cv(k, ${c.KSIZE});
    let tap = w / mid; let j = w % mid; let ky = tap / K; let kx = tap % K;
    let src = off + shuffled(j, mid, cv(k, ${c.GROUPS})); let bn = bn1(src);
    let pt = padBefore(g.ho, g.h, K); let pl = padBefore(g.wo, g.w, K);
    let ys = tapSpan(ky, pt, g.h, g.ho, g.st); let xs = tapSpan(kx, pl, g.w, g.wo, g.st);
    var acc = 0.0;
    if (ys.x >= ys.y || xs.x >= xs.y) { return acc; }
    for (var b = 0; b < g.n; b++) {
      for (var oy = ys.x; oy < ys.y; oy++) {
        let outAt = (b * g.ho + oy) * g.wo; let inAt = (b * g.h + oy * g.st + ky - pt) * g.w + kx - pl;
        for (var ox = xs.x; ox < xs.y; ox++) {
          acc += R[ddB + (outAt + ox) * T + off + j] * bnAct(A[(inAt + ox * g.st) * T + src], bn);
        }
      }
    }
    return acc;
  }
  /** Filters w0.. w0 + 3 when they are one tap of four adjacent channels (one set of loops for four). */
  fn gradDwx4(w0 : i32) -> Quad {
    let g = geom(); let T = sp(${s.T}); let ddB = ddBase();
    let k = convAt(w0, ${c.DW}); let w = w0 - cv(k, ${c.DW});
    let off = cv(k, ${c.OFF}); let mid = cv(k, ${c.MID}); let K = cv(k, ${c.KSIZE}); let gr = cv(k, ${c.GROUPS});
    let tap = w / mid; let j = w % mid; let ky = tap / K; let kx = tap % K;
    if (j + 3 >= mid) { return Quad(vec4<f32>(0.0), false); }
    let pt = padBefore(g.ho, g.h, K); let pl = padBefore(g.wo, g.w, K);
    let ys = tapSpan(ky, pt, g.h, g.ho, g.st); let xs = tapSpan(kx, pl, g.w, g.wo, g.st);
    var acc = vec4<f32>(0.0);
    if (ys.x >= ys.y || xs.x >= xs.y) { return Quad(acc, true); }
    let src = off + vec4<i32>(shuffled(j, mid, gr), shuffled(j + 1, mid, gr), shuffled(j + 2, mid, gr), shuffled(j + 3, mid, gr));
    let n0 = bn1(src.x); let n1 = bn1(src.y); let n2 = bn1(src.z); let n3 = bn1(src.w);
    let mean = vec4<f32>(n0.mean, n1.mean, n2.mean, n3.mean); let rstd = vec4<f32>(n0.rstd, n1.rstd, n2.rstd, n3.rstd);
    let gamma = vec4<f32>(n0.gamma, n1.gamma, n2.gamma, n3.gamma); let beta = vec4<f32>(n0.beta, n1.beta, n2.beta, n3.beta);
    for (var b = 0; b < g.n; b++) {
      for (var oy = ys.x; oy < ys.y; oy++) {
        let outAt = (b * g.ho + oy) * g.wo; let inAt = (b * g.h + oy * g.st + ky - pt) * g.w + kx - pl;
        for (var ox = xs.x; ox < xs.y; ox++) {
          let dd = ddB + (outAt + ox) * T + off + j; let at = (inAt + ox * g.st) * T;
          let e = vec4<f32>(A[at + src.x], A[at + src.y], A[at + src.z], A[at + src.w]);
          acc += vec4<f32>(R[dd], R[dd + 1], R[dd + 2], R[dd + 3]) * max((e - mean) * rstd * gamma + beta, vec4<f32>(0.0));
        }
      }
    }
    return Quad(acc, true);
  }
  /** Weights w0.. w0 + 3 of the projection when they share an input channel (one BN2 + ReLU serves four). */
  fn gradW2x4(w0 : i32) -> Quad {
    let COUT = sp(${s.COUT}); let MO = sp(${s.MO}); let T = sp(${s.T}); let KC = kc();
    let k = convAt(w0, ${c.W2}); let w = w0 - cv(k, ${c.W2});
    let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let og = COUT / g;
    let gi = w / (mg * og); let cl = (w % (mg * og)) / og; let ol = w % og;
    if (ol + 3 >= og) { return Quad(vec4<f32>(0.0), false); }
    let ch = cv(k, ${c.OFF}) + gi * mg + cl; let col = dzBase() + k * COUT + gi * og + ol;
    let bn = bn2(ch); let dB = eSize() + ch;
    var acc = vec4<f32>(0.0);
    for (var pos = 0; pos < MO; pos++) {
      let at = col + pos * KC;
      acc += bnAct(A[dB + pos * T], bn) * vec4<f32>(R[at], R[at + 1], R[at + 2], R[at + 3]);
    }
    return Quad(acc, true);
  }
  fn gradW2(w0 : i32) -> f32 {
    let COUT = sp(${s.COUT}); let MO = sp(${s.MO}); let T = sp(${s.T}); let KC = kc();
    let k = convAt(w0, ${c.W2}); let w = w0 - cv(k, ${c.W2});
    let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let og = COUT / g;
    let gi = w / (mg * og); let cl = (w % (mg * og)) / og; let ol = w % og;
    let ch = cv(k, ${c.OFF}) + gi * mg + cl; let col = dzBase() + k * COUT + gi * og + ol;
    let bn = bn2(ch); let dB = eSize() + ch;
    var acc = 0.0;
    for (var pos = 0; pos < MO; pos++) { acc += bnAct(A[dB + pos * T], bn) * R[col + pos * KC]; }
    return acc;
  }
  /** Entry p of P's gradient. */
  fn gradP(p : i32) -> f32 {
    let T = sp(${s.T});
    if (p < cv(0, ${c.DW})) { return gradW1(p); }
    if (p < cv(0, ${c.W2})) { return gradDw(p); }
    if (p < sp(${s.G1})) { return gradW2(p); }
    if (p < sp(${s.G2})) { return R[deBase() + sp(${s.M}) * T + p - sp(${s.G1})]; }
    if (p < sp(${s.G3})) { return R[ddBase() + sp(${s.MO}) * T + p - sp(${s.G2})]; }
    return R[p - sp(${s.G3})];
  }
  /** Entries p0.. p0 + 3 of P's gradient: four weights at once where they share their setup and an operand. */
  fn gradP4(p0 : i32) -> vec4<f32> {
    var q = Quad(vec4<f32>(0.0), false);
    if (p0 + 3 < cv(0, ${c.DW})) { q = gradW1x4(p0); }
    else if (p0 >= cv(0, ${c.DW}) && p0 + 3 < cv(0, ${c.W2})) { q = gradDwx4(p0); }
    else if (p0 >= cv(0, ${c.W2}) && p0 + 3 < sp(${s.G1})) { q = gradW2x4(p0); }
    if (q.ok) { return q.v; }
    return vec4<f32>(gradP(p0), gradP(p0 + 1), gradP(p0 + 2), gradP(p0 + 3));
  }
`;

/** Threads of LayerGradsProgram: four rows of an input channel each, then four entries of P each. */
export const gradsThreads = (size: number, xSize: number, cIn: number) => Math.ceil(xSize / cIn / 4) * cIn + Math.ceil((size - xSize) / 4);

/**
 * The layer input's gradient through every candidate's expansion (and x's own weight) [M·cIn],
 * then, unless only the input's gradient is asked for, the gradient of P in its layout: the
 * three convs' weights, and BN1's, BN2's and BN3's sums as dγ, dβ. Output [M·cIn (+ |P|)].
 */
export class LayerGradsProgram extends ElementwiseProgram {
  /** The first `xSize` of the `size` outputs are the input's gradient, [rows, cIn]. */
  constructor(size: number, xSize: number, cIn: number) {
    super(
      [size],
      gradsThreads(size, xSize, cIn),
      ['X', 'Dy', 'Wts', 'P', 'A', 'R', 'S'],
      'n : i32,',
      `
      let T = sp(${s.T}); let CIN = sp(${s.CIN}); let M = sp(${s.M}); let MC = M * CIN; let MC4 = ((M + 3) / 4) * CIN;
      if (index < MC4) {
        // Four rows of input i: a weight read serves four multiply-adds (rows past M − 1 repeat it).
        let i = index % CIN; let r0 = 4 * (index / CIN);
        let rows = min(vec4<i32>(r0) + vec4<i32>(0, 1, 2, 3), vec4<i32>(M - 1));
        let deB = deBase() + rows * T;
        var acc = vec4<f32>(0.0);
        for (var k = 0; k < sp(${s.K}); k++) {
          let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let cg = CIN / g;
          let gi = i / cg; let il = i % cg;
          let db = deB + cv(k, ${c.OFF}) + gi * mg; let wb = cv(k, ${c.W1}) + (gi * cg + il) * mg;
          for (var jl = 0; jl < mg; jl++) {
            acc += vec4<f32>(R[db.x + jl], R[db.y + jl], R[db.z + jl], R[db.w + jl]) * P[wb + jl];
          }
        }
        for (var q = 0; q < min(4, M - r0); q++) {
          let at = (r0 + q) * CIN + i;
          var v = acc[q];
          if (sp(${s.RESID}) == 1) { v += Dy[at] * Wts[mixRow(r0 + q) * wcols() + sp(${s.K})]; }
          result[at] = v;
        }
      } else {
        let p0 = 4 * (index - MC4); let v = gradP4(p0);
        let size = sp(${s.G3}) + 2 * kc();
        for (var i = 0; i < min(4, size - p0); i++) { result[MC + p0 + i] = v[i]; }
      }`,
      SPEC_WGSL + OFFSETS_WGSL + BN_WGSL + GEOM_WGSL + GRAD_BASES_WGSL + A_ACCESS + E_WGSL + D_WGSL + Z_WGSL + WEIGHT_GRADS_WGSL,
    );
  }
}
