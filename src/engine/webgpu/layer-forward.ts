/**
 * The fused mixture layer's forward kernels: four dispatches. Indices follow NHWC: a position
 * p = (n·H + y)·W + x, a tensor [positions, channels]. S is the layer spec (layer-spec.ts), P the
 * layer's flat weights; the stage buffers' layout is in layer-wgsl.ts. Each stage's kernel is a
 * job per output channel (a thread on a CPU adapter, a work-group on a GPU: backend-access.ts) that
 * also takes the channel's batch statistics, and reads its input's BatchNorm + ReLU on the fly, so
 * no normalised activation is ever stored. A job steps through four positions at a time where a
 * weight read can serve all four.
 */
import { ElementwiseProgram, WorkgroupProgram } from './backend-access';
import { CONV, SPEC, SPEC_WGSL } from './layer-spec';
import { at, BN_WGSL, E_WGSL, GEOM_WGSL, MIX_ROW_WGSL, OFFSETS_WGSL, ROWS_WGSL, statsBody, Z_WGSL } from './layer-wgsl';

const s = SPEC;
const c = CONV;

/** e[m, t] = Σ_i x[m, i] · w1 over candidate k(t)'s group of inputs, and BN1's statistics. Output [M·T + 2T]. */
export class LayerExpandStatsProgram extends WorkgroupProgram {
  constructor(m: number, t: number, lanes: number) {
    super(
      [(m + 2) * t],
      t,
      ['X', 'P', 'S'],
      statsBody(`sp(${s.T})`, `sp(${s.M})`, 4),
      `${SPEC_WGSL + ROWS_WGSL}
      /** Channel ch reads inputs xb.. xb + cg − 1 of a row, with weights wb + i·mg. */
      struct Chan { cin : i32, xb : i32, cg : i32, wb : i32, mg : i32 }
      fn chan(ch : i32) -> Chan {
        let CIN = sp(${s.CIN});
        let k = convAt(ch, ${c.OFF}); let j = ch - cv(k, ${c.OFF});
        let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let cg = CIN / g;
        let gi = j / mg; let jl = j % mg;
        return Chan(CIN, gi * cg, cg, cv(k, ${c.W1}) + gi * cg * mg + jl, mg);
      }
      fn value4(row : vec4<i32>, q : Chan) -> vec4<f32> {
        let xb = row * q.cin + q.xb;
        var acc = vec4<f32>(0.0);
        for (var il = 0; il < q.cg; il++) {
          acc += vec4<f32>(X[xb.x + il], X[xb.y + il], X[xb.z + il], X[xb.w + il]) * P[q.wb + il * q.mg];
        }
        return acc;
      }`,
      '',
      lanes,
    );
  }
}

/**
 * Every candidate's depthwise conv ("same" padding, the layer's stride) of ReLU(BN1(e)) on its
 * shuffled channels, and BN2's statistics. Output [MO·T + 2T].
 */
export class LayerDepthwiseStatsProgram extends WorkgroupProgram {
  constructor(mo: number, t: number, lanes: number) {
    super(
      [(mo + 2) * t],
      t,
      ['E', 'P', 'S'],
      statsBody(`sp(${s.T})`, `sp(${s.MO})`, 4),
      `${SPEC_WGSL + ROWS_WGSL + BN_WGSL + GEOM_WGSL + at('e', 'E') + E_WGSL}
      /** Channel ch filters expansion channel src (BN1 bn) with the K×K taps at wb + tap·mid. */
      struct Chan { t : i32, src : i32, bn : Bn, wb : i32, mid : i32, K : i32, pt : i32, pl : i32, g : Geom }
      fn chan(ch : i32) -> Chan {
        let g = geom();
        let k = convAt(ch, ${c.OFF}); let off = cv(k, ${c.OFF}); let j = ch - off;
        let mid = cv(k, ${c.MID}); let K = cv(k, ${c.KSIZE});
        let src = off + shuffled(j, mid, cv(k, ${c.GROUPS}));
        return Chan(sp(${s.T}), src, bn1(src), cv(k, ${c.DW}) + j, mid, K, padBefore(g.ho, g.h, K), padBefore(g.wo, g.w, K), g);
      }
      // Four output positions: the union of their valid taps, a tap's weight read once for the
      // four, each position's out-of-range taps masked (adding 0 leaves its sum as the scalar one).
      fn value4(pos : vec4<i32>, q : Chan) -> vec4<f32> {
        let g = q.g;
        let ox = pos % g.wo; let rest = pos / g.wo; let oy = rest % g.ho; let b = rest / g.ho;
        let y0 = oy * g.st - q.pt; let x0 = ox * g.st - q.pl;
        let ly = max(vec4<i32>(0), -y0); let hy = min(vec4<i32>(q.K), g.h - y0);
        let lx = max(vec4<i32>(0), -x0); let hx = min(vec4<i32>(q.K), g.w - x0);
        let zero = vec4<f32>(0.0);
        var acc = zero;
        for (var ky = min(min(ly.x, ly.y), min(ly.z, ly.w)); ky < max(max(hy.x, hy.y), max(hy.z, hy.w)); ky++) {
          let iy = y0 + ky; let vy = (iy >= vec4<i32>(0)) & (iy < vec4<i32>(g.h));
          let rowAt = (b * g.h + iy) * g.w;
          for (var kx = min(min(lx.x, lx.y), min(lx.z, lx.w)); kx < max(max(hx.x, hx.y), max(hx.z, hx.w)); kx++) {
            let ix = x0 + kx; let v = vy & (ix >= vec4<i32>(0)) & (ix < vec4<i32>(g.w));
            let at = select(vec4<i32>(0), (rowAt + ix) * q.t + q.src, v);
            let e = vec4<f32>(eAt(at.x), eAt(at.y), eAt(at.z), eAt(at.w));
            let a = max((e - q.bn.mean) * q.bn.rstd * q.bn.gamma + q.bn.beta, zero);
            acc += select(zero, a, v) * P[q.wb + (ky * q.K + kx) * q.mid];
          }
        }
        return acc;
      }`,
      '',
      lanes,
    );
  }
}

/** Each candidate's 1×1 projection (groups g) of ReLU(BN2(d)), and BN3's statistics. Output [MO·K·cOut + 2·K·cOut]. */
export class LayerProjectStatsProgram extends WorkgroupProgram {
  constructor(mo: number, kc: number, lanes: number) {
    super(
      [(mo + 2) * kc],
      kc,
      ['D', 'P', 'S'],
      statsBody(`sp(${s.K}) * sp(${s.COUT})`, `sp(${s.MO})`, 8),
      `${SPEC_WGSL + ROWS_WGSL + BN_WGSL + at('d', 'D')}
      /** Column k·cOut + o reads channels cb.. cb + mg − 1 with weights wb + c·og. */
      struct Chan { t : i32, cb : i32, mg : i32, wb : i32, og : i32, stats : i32, g2 : i32, b2 : i32 }
      fn chan(col : i32) -> Chan {
        let COUT = sp(${s.COUT});
        let k = col / COUT; let o = col % COUT;
        let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let og = COUT / g;
        let gi = o / og; let ol = o % og;
        let T = sp(${s.T});
        return Chan(T, cv(k, ${c.OFF}) + gi * mg, mg, cv(k, ${c.W2}) + gi * mg * og + ol, og, sp(${s.MO}) * T, sp(${s.G2}), sp(${s.B2}));
      }
      // Eight positions: a channel's BN2 statistics and weight, read once, serve eight.
      fn value8(pos : vec4<i32>, more : vec4<i32>, q : Chan) -> array<f32, 8> {
        let at = pos * q.t + q.cb; let at2 = more * q.t + q.cb;
        var acc = vec4<f32>(0.0); var acc2 = vec4<f32>(0.0);
        for (var cl = 0; cl < q.mg; cl++) {
          let ch = q.cb + cl;
          let mean = dAt(q.stats + ch); let rstd = inverseSqrt(dAt(q.stats + q.t + ch) + EPS);
          let gamma = P[q.g2 + ch]; let beta = P[q.b2 + ch]; let w = P[q.wb + cl * q.og];
          let d = vec4<f32>(dAt(at.x + cl), dAt(at.y + cl), dAt(at.z + cl), dAt(at.w + cl));
          let d2 = vec4<f32>(dAt(at2.x + cl), dAt(at2.y + cl), dAt(at2.z + cl), dAt(at2.w + cl));
          acc += max((d - mean) * rstd * gamma + beta, vec4<f32>(0.0)) * w;
          acc2 += max((d2 - mean) * rstd * gamma + beta, vec4<f32>(0.0)) * w;
        }
        return array<f32, 8>(acc.x, acc.y, acc.z, acc.w, acc2.x, acc2.y, acc2.z, acc2.w);
      }`,
      '',
      lanes,
    );
  }
}

/** Σ_k wts[row, k] · BN3(z)[·, k, o] (+ wts[row, K] · x): the Gumbel-weighted sum. Output [MO, cOut]. */
export class LayerCombineProgram extends ElementwiseProgram {
  constructor(mo: number, cOut: number) {
    super(
      [mo, cOut],
      mo * cOut,
      ['Z', 'P', 'Wts', 'X', 'S'],
      'n : i32,',
      `
      let COUT = sp(${s.COUT}); let K = sp(${s.K}); let WC = wcols();
      let o = index % COUT; let pos = index / COUT; let r = mixRow(pos);
      var acc = 0.0;
      for (var k = 0; k < K; k++) { acc += z3(pos, k * COUT + o) * Wts[r * WC + k]; }
      if (sp(${s.RESID}) == 1) { acc += X[index] * Wts[r * WC + K]; }
      result[index] = acc;`,
      SPEC_WGSL + OFFSETS_WGSL + BN_WGSL + MIX_ROW_WGSL + at('z', 'Z') + Z_WGSL,
    );
  }
}
