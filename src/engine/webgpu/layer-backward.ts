/**
 * The fused mixture layer's backward kernels, the mirror image of layer-forward.ts: BN3's sums
 * and the mixture weights' gradient share one dispatch; the gradients at the projection's and the
 * depthwise conv's inputs each come with the sums of the BatchNorm before them, and store
 * BatchNorm's closed-form input gradient; layer-grads.ts then takes the layer input's gradient and
 * every weight gradient from what these stored.
 *
 * As in the forward, a thread reads its channel's constants once (offsets, BN statistics) and its
 * loops read only their operands; the transposed depthwise conv steps through the taps that land
 * on an output by the stride instead of testing every tap with a division (integer division is
 * scalarised on a CPU adapter), and at stride 1 takes four positions per step.
 */
import { WorkgroupProgram } from './backend-access';
import { CONV, SPEC, SPEC_WGSL } from './layer-spec';
import { at, BN_WGSL, D_WGSL, E_WGSL, GEOM_WGSL, OFFSETS_WGSL, sumsBody, Z_WGSL } from './layer-wgsl';

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

/** WGSL value(pos, q) of the depthwise back sums at any stride. */
const VALUE_STRIDED = `
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
`;

/** WGSL value4(pos, q) of the depthwise back sums at stride 1. */
const VALUE4_STRIDE1 = `
  // Four input positions at stride 1: the union of their taps, a weight read once for the four,
  // out-of-range taps masked (adding 0 leaves each position's sum as the one-at-a-time one).
  fn value4(pos : vec4<i32>, q : Chan) -> vec4<f32> {
    let g = q.g;
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
  }
`;

/** Gradient at the depthwise input in expansion channel order (the shuffle undone), and BN1's sums. Output [M·T + 2T]. */
export class LayerDepthwiseBackSumsProgram extends WorkgroupProgram {
  /** `strided`: the layer's stride is not 1 (its own pipeline: a CPU adapter runs untaken branches' code too). */
  constructor(m: number, t: number, lanes: number, strided: boolean) {
    super(
      [(m + 2) * t],
      t,
      ['A', 'B', 'P', 'S'],
      sumsBody(`sp(${s.T})`, `sp(${s.M})`, 'e', 'bn1', !strided),
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
${strided ? VALUE_STRIDED : VALUE4_STRIDE1}`,
      '',
      lanes,
    );
    if (strided) this.shaderKey += '_strided';
  }
}
