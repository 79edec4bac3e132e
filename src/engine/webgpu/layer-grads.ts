/**
 * The fused layer's last backward stage: the layer input's gradient and the three convs' weight
 * gradients, a program each; BatchNorm's dγ, dβ are copies of the sums the earlier backward
 * kernels stored. R holds those kernels' outputs (layer-wgsl.ts); A the forward's stages.
 *
 * Four programs rather than one: a CPU adapter (SwiftShader) runs a work-group's threads in SIMD
 * groups and skips a loop no thread enters, but not the straight-line code of a branch no thread
 * takes (measured). One program with a branch per kind of gradient ran every kind's setup —
 * offsets, divisions, BN statistics — in every thread. Here each thread runs one kind's code.
 *
 * A thread takes four adjacent outputs along a contiguous run (a weight's channels within its
 * group, a tap's channels, four rows of an input channel) so one read of their common operand
 * serves four multiply-adds; where a run's length is not a multiple of four its last thread's
 * extra lanes read neighbouring values and are not written.
 */
import { ElementwiseProgram } from './backend-access';
import { CONV, SPEC, SPEC_WGSL } from './layer-spec';
import { at, BN_WGSL, D_WGSL, E_WGSL, GEOM_WGSL, GRAD_BASES_WGSL, MIX_ROW_WGSL, OFFSETS_WGSL } from './layer-wgsl';

const s = SPEC;
const c = CONV;
const quads = (n: number) => Math.ceil(n / 4);

/** Threads of each program for a layer spec (its int vector, layer-spec.ts). */
export function gradThreads(ints: Int32Array): { input: number; w1: number; dw: number; w2: number } {
  const cIn = ints[s.CIN];
  const cOut = ints[s.COUT];
  let w1 = 0;
  let dw = 0;
  let w2 = 0;
  for (let k = 0; k < ints[s.K]; k++) {
    const at = s.CONVS + s.PER_CONV * k;
    const [mid, g, kernel] = [ints[at + c.MID], ints[at + c.GROUPS], ints[at + c.KSIZE]];
    w1 += cIn * quads(mid / g);
    dw += kernel * kernel * quads(mid);
    w2 += mid * quads(cOut / g);
  }
  return { input: quads(ints[s.M]) * cIn, w1, dw, w2 };
}

/**
 * WGSL: the candidate whose threads hold thread `index` (candidate k has `perConv(k)` threads), and
 * the thread's place among them.
 */
const THREAD_OWNER_WGSL = `
  fn owner(index : i32) -> vec2<i32> {
    var k = 0; var t = index;
    for (var j = 0; j < sp(${s.K}) - 1; j++) {
      let n = perConv(j);
      if (k == j && t >= n) { t -= n; k = j + 1; }
    }
    return vec2<i32>(k, t);
  }
`;

/** A gradient program: `threads` threads write an output of `size` (tfjs and the counters know it by its class name). */
abstract class GradProgram extends ElementwiseProgram {
  constructor(size: number, threads: number, inputs: string[], body: string, helpers: string) {
    super([size], threads, inputs, 'n : i32,', body, helpers);
  }
}

/** Writes lanes i < count of v at out + i. */
const WRITE4 = 'for (var i = 0; i < count; i++) { result[out + i] = v[i]; }';

/** The input's gradient through every candidate's expansion (and x's own weight), [M, cIn]: four rows of an input channel per thread. */
export class LayerInputGradProgram extends GradProgram {
  constructor(size: number, threads: number) {
    super(
      size,
      threads,
      ['Dy', 'Wts', 'P', 'R', 'S'],
      `
      let T = sp(${s.T}); let CIN = sp(${s.CIN}); let M = sp(${s.M});
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
      let resid = sp(${s.RESID}) == 1; let xCol = wcols() - 1;
      for (var q = 0; q < min(4, M - r0); q++) {
        let at = (r0 + q) * CIN + i;
        result[at] = acc[q] + select(0.0, Dy[at] * Wts[mixRow(r0 + q) * wcols() + xCol], resid);
      }`,
      SPEC_WGSL + OFFSETS_WGSL + GRAD_BASES_WGSL + MIX_ROW_WGSL,
    );
  }
}

/** The expansion weights' gradient in P's layout (its section of P): four output channels of one input per thread. */
export class LayerW1GradProgram extends GradProgram {
  constructor(size: number, threads: number) {
    super(
      size,
      threads,
      ['X', 'R', 'S'],
      `
      let T = sp(${s.T}); let CIN = sp(${s.CIN}); let M = sp(${s.M});
      let o = owner(index); let k = o.x;
      let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let cg = CIN / g; let q4 = (mg + 3) / 4;
      let run = o.y / q4; let jl = 4 * (o.y % q4); let gi = run / cg; let il = run % cg;
      let xi = gi * cg + il; let ch = deBase() + cv(k, ${c.OFF}) + gi * mg + jl;
      var v = vec4<f32>(0.0);
      for (var row = 0; row < M; row++) {
        let at = ch + row * T;
        v += X[row * CIN + xi] * vec4<f32>(R[at], R[at + 1], R[at + 2], R[at + 3]);
      }
      let out = cv(k, ${c.W1}) + run * mg + jl; let count = min(4, mg - jl);
      ${WRITE4}`,
      `${SPEC_WGSL + OFFSETS_WGSL + GRAD_BASES_WGSL + THREAD_OWNER_WGSL}
      fn perConv(k : i32) -> i32 { return sp(${s.CIN}) * ((cv(k, ${c.MID}) / cv(k, ${c.GROUPS}) + 3) / 4); }`,
    );
  }
}

/** The depthwise filters' gradient (its section of P): one tap of four adjacent channels per thread. */
export class LayerDwGradProgram extends GradProgram {
  constructor(size: number, threads: number) {
    super(
      size,
      threads,
      ['A', 'P', 'R', 'S'],
      `
      let g = geom(); let T = sp(${s.T}); let ddB = ddBase();
      let o = owner(index); let k = o.x;
      let off = cv(k, ${c.OFF}); let mid = cv(k, ${c.MID}); let K = cv(k, ${c.KSIZE}); let gr = cv(k, ${c.GROUPS});
      let q4 = (mid + 3) / 4; let tap = o.y / q4; let j = 4 * (o.y % q4); let ky = tap / K; let kx = tap % K;
      let pt = padBefore(g.ho, g.h, K); let pl = padBefore(g.wo, g.w, K);
      let ys = tapSpan(ky, pt, g.h, g.ho, g.st); let xs = tapSpan(kx, pl, g.w, g.wo, g.st);
      // Lanes past the candidate's channels repeat its last one (computed, not written).
      let js = min(vec4<i32>(j) + vec4<i32>(0, 1, 2, 3), vec4<i32>(mid - 1));
      let src = off + vec4<i32>(shuffled(js.x, mid, gr), shuffled(js.y, mid, gr), shuffled(js.z, mid, gr), shuffled(js.w, mid, gr));
      let n0 = bn1(src.x); let n1 = bn1(src.y); let n2 = bn1(src.z); let n3 = bn1(src.w);
      let mean = vec4<f32>(n0.mean, n1.mean, n2.mean, n3.mean); let rstd = vec4<f32>(n0.rstd, n1.rstd, n2.rstd, n3.rstd);
      let gamma = vec4<f32>(n0.gamma, n1.gamma, n2.gamma, n3.gamma); let beta = vec4<f32>(n0.beta, n1.beta, n2.beta, n3.beta);
      let dd = ddB + off + js;
      // One flat loop over (b, oy, ox) with wrapping counters: an empty loop still costs one pass of
      // its body on a CPU adapter, and most taps of a small map reach no output.
      let ny = max(ys.y - ys.x, 0); let nx = max(xs.y - xs.x, 0);
      var v = vec4<f32>(0.0); var b = 0; var oy = ys.x; var ox = xs.x;
      for (var r = 0; r < g.n * ny * nx; r++) {
        let d = dd + ((b * g.ho + oy) * g.wo + ox) * T; let e = ((b * g.h + oy * g.st + ky - pt) * g.w + ox * g.st + kx - pl) * T + src;
        let a = max((vec4<f32>(A[e.x], A[e.y], A[e.z], A[e.w]) - mean) * rstd * gamma + beta, vec4<f32>(0.0));
        v += vec4<f32>(R[d.x], R[d.y], R[d.z], R[d.w]) * a;
        ox += 1; let wx = ox == xs.y; ox = select(ox, xs.x, wx);
        oy = select(oy, oy + 1, wx); let wy = oy == ys.y; oy = select(oy, ys.x, wy); b = select(b, b + 1, wy);
      }
      let out = cv(k, ${c.DW}) - cv(0, ${c.DW}) + tap * mid + j; let count = min(4, mid - j);
      ${WRITE4}`,
      `${SPEC_WGSL + OFFSETS_WGSL + GRAD_BASES_WGSL + BN_WGSL + GEOM_WGSL + at('e', 'A') + E_WGSL + THREAD_OWNER_WGSL}
      fn perConv(k : i32) -> i32 { let K = cv(k, ${c.KSIZE}); return K * K * ((cv(k, ${c.MID}) + 3) / 4); }
      /** The outputs o in [lo, hi) whose input o·st + k − pad lies in [0, size). */
      fn tapSpan(k : i32, pad : i32, size : i32, outSize : i32, st : i32) -> vec2<i32> {
        let a = pad - k; let z = size - 1 + pad - k;
        let lo = select((a + st - 1) / st, 0, a <= 0);
        let hi = select(min(outSize, z / st + 1), 0, z < 0);
        return vec2<i32>(lo, hi);
      }`,
    );
  }
}

/** The projection weights' gradient (its section of P): four output channels of one input channel per thread. */
export class LayerW2GradProgram extends GradProgram {
  constructor(size: number, threads: number) {
    super(
      size,
      threads,
      ['A', 'P', 'R', 'S'],
      `
      let COUT = sp(${s.COUT}); let MO = sp(${s.MO}); let T = sp(${s.T}); let KC = kc();
      let o = owner(index); let k = o.x;
      let g = cv(k, ${c.GROUPS}); let mg = cv(k, ${c.MID}) / g; let og = COUT / g; let q4 = (og + 3) / 4;
      let run = o.y / q4; let ol = 4 * (o.y % q4); let gi = run / mg; let cl = run % mg;
      let ch = cv(k, ${c.OFF}) + gi * mg + cl; let col = dzBase() + k * COUT + gi * og + ol;
      let bn = bn2(ch); let dB = eSize() + ch;
      var v = vec4<f32>(0.0);
      for (var pos = 0; pos < MO; pos++) {
        let at = col + pos * KC;
        v += bnAct(A[dB + pos * T], bn) * vec4<f32>(R[at], R[at + 1], R[at + 2], R[at + 3]);
      }
      let out = cv(k, ${c.W2}) - cv(0, ${c.W2}) + run * og + ol; let count = min(4, og - ol);
      ${WRITE4}`,
      `${SPEC_WGSL + OFFSETS_WGSL + GRAD_BASES_WGSL + BN_WGSL + at('d', 'A', 'eSize()') + D_WGSL + THREAD_OWNER_WGSL}
      fn perConv(k : i32) -> i32 { return cv(k, ${c.MID}) * ((sp(${s.COUT}) / cv(k, ${c.GROUPS}) + 3) / 4); }`,
    );
  }
}
