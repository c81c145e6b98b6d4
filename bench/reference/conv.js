// Hand-written reference kernels for the benchmark's convolutional network: 2-D convolution
// (channels last, kernel [KH, KW, C, F], TensorFlow's "same"/"valid" padding, strides), its input
// and kernel gradients, and max pooling that keeps each output's argmax for its backward. Plain
// JavaScript, allocation-free, dimensions as run-time arguments (as in any hand-written library),
// register-blocked over the filters: eight filters' accumulators (or gradients) in locals, the
// input value loaded once per tap and channel for all eight. Every kernel needs F % 8 === 0.

/** The geometry of a convolution or a pooling window over x [N, H, W, C]. */
export function geometry(H, W, KH, KW, sh, sw, padding) {
  const OH = padding === "same" ? Math.ceil(H / sh) : Math.floor((H - KH) / sh) + 1;
  const OW = padding === "same" ? Math.ceil(W / sw) : Math.floor((W - KW) / sw) + 1;
  const top = padding === "same" ? Math.floor(Math.max((OH - 1) * sh + KH - H, 0) / 2) : 0;
  const left = padding === "same" ? Math.floor(Math.max((OW - 1) * sw + KW - W, 0) / 2) : 0;
  return { H, W, KH, KW, sh, sw, OH, OW, top, left };
}

/** y[N, OH, OW, F] = relu?(conv(x, k) + bias): per output pixel and block of 8 filters, the taps inside x. */
export function conv2d(x, k, bias, y, N, C, F, g, relu) {
  const { H, W, KH, KW, sh, sw, OH, OW, top, left } = g;
  for (let b = 0; b < N; b++) {
    for (let i = 0; i < OH; i++) {
      for (let j = 0; j < OW; j++) {
        const o = ((b * OH + i) * OW + j) * F;
        for (let f = 0; f < F; f += 8) {
          let s0 = bias[f], s1 = bias[f + 1], s2 = bias[f + 2], s3 = bias[f + 3], s4 = bias[f + 4], s5 = bias[f + 5], s6 = bias[f + 6], s7 = bias[f + 7];
          for (let p = 0; p < KH; p++) {
            const h = i * sh + p - top;
            if (h < 0 || h >= H) continue;
            for (let q = 0; q < KW; q++) {
              const w = j * sw + q - left;
              if (w < 0 || w >= W) continue;
              const xo = ((b * H + h) * W + w) * C;
              let ko = (p * KW + q) * C * F + f;
              for (let c = 0; c < C; c++, ko += F) {
                const v = x[xo + c];
                s0 += v * k[ko]; s1 += v * k[ko + 1]; s2 += v * k[ko + 2]; s3 += v * k[ko + 3];
                s4 += v * k[ko + 4]; s5 += v * k[ko + 5]; s6 += v * k[ko + 6]; s7 += v * k[ko + 7];
              }
            }
          }
          if (relu) {
            s0 = s0 > 0 ? s0 : 0; s1 = s1 > 0 ? s1 : 0; s2 = s2 > 0 ? s2 : 0; s3 = s3 > 0 ? s3 : 0;
            s4 = s4 > 0 ? s4 : 0; s5 = s5 > 0 ? s5 : 0; s6 = s6 > 0 ? s6 : 0; s7 = s7 > 0 ? s7 : 0;
          }
          const of = o + f;
          y[of] = s0; y[of + 1] = s1; y[of + 2] = s2; y[of + 3] = s3; y[of + 4] = s4; y[of + 5] = s5; y[of + 6] = s6; y[of + 7] = s7;
        }
      }
    }
  }
}

/**
 * The gradients of conv2d given d = ∂L/∂y [N, OH, OW, F]: dk += Σ x · d per tap, dBias = Σ d, and
 * (dx not null) dx = Σ d · k through the taps. Per output pixel and block of 8 filters, d's eight
 * values in locals.
 */
export function conv2dBackward(x, k, d, dk, dBias, dx, N, C, F, g) {
  const { H, W, KH, KW, sh, sw, OH, OW, top, left } = g;
  dk.fill(0);
  dBias.fill(0);
  if (dx) dx.fill(0);
  for (let b = 0; b < N; b++) {
    for (let i = 0; i < OH; i++) {
      for (let j = 0; j < OW; j++) {
        const o = ((b * OH + i) * OW + j) * F;
        for (let f = 0; f < F; f += 8) {
          const of = o + f;
          const g0 = d[of], g1 = d[of + 1], g2 = d[of + 2], g3 = d[of + 3], g4 = d[of + 4], g5 = d[of + 5], g6 = d[of + 6], g7 = d[of + 7];
          dBias[f] += g0; dBias[f + 1] += g1; dBias[f + 2] += g2; dBias[f + 3] += g3;
          dBias[f + 4] += g4; dBias[f + 5] += g5; dBias[f + 6] += g6; dBias[f + 7] += g7;
          for (let p = 0; p < KH; p++) {
            const h = i * sh + p - top;
            if (h < 0 || h >= H) continue;
            for (let q = 0; q < KW; q++) {
              const w = j * sw + q - left;
              if (w < 0 || w >= W) continue;
              const xo = ((b * H + h) * W + w) * C;
              let ko = (p * KW + q) * C * F + f;
              for (let c = 0; c < C; c++, ko += F) {
                const v = x[xo + c];
                dk[ko] += v * g0; dk[ko + 1] += v * g1; dk[ko + 2] += v * g2; dk[ko + 3] += v * g3;
                dk[ko + 4] += v * g4; dk[ko + 5] += v * g5; dk[ko + 6] += v * g6; dk[ko + 7] += v * g7;
                if (dx) dx[xo + c] += g0 * k[ko] + g1 * k[ko + 1] + g2 * k[ko + 2] + g3 * k[ko + 3] + g4 * k[ko + 4] + g5 * k[ko + 5] + g6 * k[ko + 6] + g7 * k[ko + 7];
              }
            }
          }
        }
      }
    }
  }
}

/** y[N, OH, OW, C] = the maximum of each window inside x; arg = the offset in x of its first maximum. */
export function maxPool(x, y, arg, N, C, g) {
  const { H, W, KH, KW, sh, sw, OH, OW, top, left } = g;
  for (let b = 0; b < N; b++) {
    for (let i = 0; i < OH; i++) {
      const h0 = Math.max(i * sh - top, 0), h1 = Math.min(i * sh - top + KH, H);
      for (let j = 0; j < OW; j++) {
        const w0 = Math.max(j * sw - left, 0), w1 = Math.min(j * sw - left + KW, W);
        const o = ((b * OH + i) * OW + j) * C;
        for (let c = 0; c < C; c++) {
          let a = ((b * H + h0) * W + w0) * C + c;
          let m = x[a];
          for (let h = h0; h < h1; h++) {
            for (let w = w0; w < w1; w++) {
              const xo = ((b * H + h) * W + w) * C + c;
              if (x[xo] > m) (m = x[xo]), (a = xo);
            }
          }
          y[o + c] = m;
          arg[o + c] = a;
        }
      }
    }
  }
}

/** dx = Σ d at each output's argmax, times relu′ of x (x a relu's output: > 0 where it passes). */
export function maxPoolBackward(x, d, arg, dx, outSize, reluBefore) {
  dx.fill(0);
  for (let o = 0; o < outSize; o++) {
    const a = arg[o];
    if (!reluBefore || x[a] > 0) dx[a] += d[o];
  }
}
