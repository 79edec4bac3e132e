/**
 * The fused mixture layer's forward kernels: four dispatches. Indices follow NHWC: a position
 * p = (n·H + y)·W + x, a tensor [positions, channels]. S is the layer spec (layer-spec.ts), P the
 * layer's flat weights; the stage buffers' layout is in layer-wgsl.ts. Each stage's kernel is a
 * work-group per output channel that also takes the channel's batch statistics, and reads its
 * input's BatchNorm + ReLU on the fly, so no normalised activation is ever stored.
 */
import { ElementwiseProgram, WorkgroupProgram } from './backend-access';
import { CONV, SPEC, SPEC_WGSL } from './layer-spec';
import { at, D_WGSL, E_WGSL, OFFSETS_WGSL, statsBody, Z_WGSL } from './layer-wgsl';

const s = SPEC;
const c = CONV;

/** e[m, t] = Σ_i x[m, i] · w1 over candidate k(t)'s group of inputs, and BN1's statistics. Output [M·T + 2T]. */
export class LayerExpandStatsProgram extends WorkgroupProgram {
  constructor(m: number, t: number) {
    super(
      [(m + 2) * t],
      t,
      ['X', 'P', 'S'],
      statsBody(`sp(${s.T})`, `sp(${s.M})`),
      `${SPEC_WGSL}
      fn value(row : i32, ch : i32) -> f32 {
        let CIN = sp(${s.CIN});
        let k = convAt(ch, ${c.OFF}); let j = ch - cv(k, ${c.OFF});
        let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let cg = CIN / g;
        let gi = j / mg; let jl = j % mg;
        var acc = 0.0;
        for (var il = 0; il < cg; il++) {
          acc += X[row * CIN + gi * cg + il] * P[cv(k, ${c.W1}) + (gi * cg + il) * mg + jl];
        }
        return acc;
      }`,
    );
  }
}

/** WGSL: candidate k(ch)'s K×K depthwise conv ("same" padding, the layer's stride) of `src`(position, channel) at (pos, ch). */
export const depthwiseWgsl = (name: string, src: string) => `
  fn ${name}(pos : i32, ch : i32) -> f32 {
    let T = sp(${s.T}); let H = sp(${s.H}); let W = sp(${s.W}); let HO = sp(${s.HO}); let WO = sp(${s.WO}); let st = sp(${s.STRIDE});
    let ox = pos % WO; let oy = (pos / WO) % HO; let b = pos / (WO * HO);
    let k = convAt(ch, ${c.OFF}); let off = cv(k, ${c.OFF}); let j = ch - off;
    let mid = cv(k, ${c.MID}); let K = cv(k, ${c.KSIZE});
    let srcCh = off + shuffled(j, mid, cv(k, ${c.GROUPS}));
    let pt = padBefore(HO, H, K); let pl = padBefore(WO, W, K);
    var acc = 0.0;
    for (var ky = 0; ky < K; ky++) {
      let iy = oy * st + ky - pt;
      if (iy < 0 || iy >= H) { continue; }
      for (var kx = 0; kx < K; kx++) {
        let ix = ox * st + kx - pl;
        if (ix < 0 || ix >= W) { continue; }
        acc += ${src}((b * H + iy) * W + ix, srcCh) * P[cv(k, ${c.DW}) + (ky * K + kx) * mid + j];
      }
    }
    return acc;
  }
`;

/** Every candidate's depthwise conv of ReLU(BN1(e)) on its shuffled channels, and BN2's statistics. Output [MO·T + 2T]. */
export class LayerDepthwiseStatsProgram extends WorkgroupProgram {
  constructor(mo: number, t: number) {
    super(
      [(mo + 2) * t],
      t,
      ['E', 'P', 'S'],
      statsBody(`sp(${s.T})`, `sp(${s.MO})`),
      SPEC_WGSL + at('e', 'E') + E_WGSL + depthwiseWgsl('value', 'a1'),
    );
  }
}

/** WGSL: candidate k's 1×1 projection (groups g) of `src`(position, channel) at (pos, column k·cOut + o). */
export const projectWgsl = (name: string, src: string) => `
  fn ${name}(pos : i32, col : i32) -> f32 {
    let COUT = sp(${s.COUT});
    let k = col / COUT; let o = col % COUT;
    let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let og = COUT / g;
    let gi = o / og; let ol = o % og;
    var acc = 0.0;
    for (var cl = 0; cl < mg; cl++) {
      acc += ${src}(pos, cv(k, ${c.OFF}) + gi * mg + cl) * P[cv(k, ${c.W2}) + (gi * mg + cl) * og + ol];
    }
    return acc;
  }
`;

/** Each candidate's projection of ReLU(BN2(d)), and BN3's statistics. Output [MO·K·cOut + 2·K·cOut]. */
export class LayerProjectStatsProgram extends WorkgroupProgram {
  constructor(mo: number, kc: number) {
    super(
      [(mo + 2) * kc],
      kc,
      ['D', 'P', 'S'],
      statsBody(`sp(${s.K}) * sp(${s.COUT})`, `sp(${s.MO})`),
      SPEC_WGSL + at('d', 'D') + D_WGSL + projectWgsl('value', 'a2'),
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
      for (var k = 0; k < K; k++) { acc += bn3(pos, k * COUT + o) * Wts[r * WC + k]; }
      if (sp(${s.RESID}) == 1) { acc += X[index] * Wts[r * WC + K]; }
      result[index] = acc;`,
      SPEC_WGSL + OFFSETS_WGSL + at('z', 'Z') + Z_WGSL,
    );
  }
}
