/**
 * Training BatchNorm + ReLU outside the searched layers' convs (the stem, the head, the skip
 * projections): per-channel statistics, normalise + ReLU, and the backward's sums and input
 * gradient, each one dispatch over x [rows, C].
 */
import { ElementwiseProgram } from './backend-access';

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
