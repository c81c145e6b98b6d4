// Hand-written reference kernels for the benchmark: the matrix products of a dense network in
// plain JavaScript, allocation-free, register-blocked as well as we know how: 8×8 tiles of local
// double accumulators (16 loads per 64 multiply-adds), one store per element, the inner loop
// streaming contiguous memory for each of the three products. Dimensions are run-time arguments,
// as in any hand-written library; the 8×8 bodies are unrolled by hand.

/** Activation codes. */
export const IDENTITY = 0, RELU = 1, TANH = 2, SIGMOID = 3;

/** y = act(y) over [start, end). */
export function activate(y, start, end, act) {
  if (act === RELU) for (let i = start; i < end; i++) { const v = y[i]; y[i] = v > 0 ? v : 0; }
  else if (act === TANH) for (let i = start; i < end; i++) y[i] = Math.tanh(y[i]);
  else if (act === SIGMOID) for (let i = start; i < end; i++) y[i] = 1 / (1 + Math.exp(-y[i]));
}

/** d = d · act′, act′ read off the activation's output y, over [start, end). */
export function derive(d, y, start, end, act) {
  if (act === RELU) for (let i = start; i < end; i++) { if (!(y[i] > 0)) d[i] = 0; }
  else if (act === TANH) for (let i = start; i < end; i++) { const v = y[i]; d[i] *= 1 - v * v; }
  else if (act === SIGMOID) for (let i = start; i < end; i++) { const v = y[i]; d[i] *= v * (1 - v); }
}

/**
 * C[M,N] = act(A[M,K]·B[K,N] + bias): the forward product of a dense layer (B = kernel [in, out]).
 * The activation runs on each band of 8 rows while it is still in L1.
 */
export function gemmNN(A, B, bias, C, M, K, N, act) {
  const K1 = K, K2 = 2 * K, K3 = 3 * K, K4 = 4 * K, K5 = 5 * K, K6 = 6 * K, K7 = 7 * K;
  const M8 = M - (M % 8), N8 = N - (N % 8);
  for (let i = 0; i < M8; i += 8) {
    for (let j = 0; j < N8; j += 8) {
      const b0 = bias[j], b1 = bias[j + 1], b2 = bias[j + 2], b3 = bias[j + 3], b4 = bias[j + 4], b5 = bias[j + 5], b6 = bias[j + 6], b7 = bias[j + 7];
      let c00 = b0, c01 = b1, c02 = b2, c03 = b3, c04 = b4, c05 = b5, c06 = b6, c07 = b7;
      let c10 = b0, c11 = b1, c12 = b2, c13 = b3, c14 = b4, c15 = b5, c16 = b6, c17 = b7;
      let c20 = b0, c21 = b1, c22 = b2, c23 = b3, c24 = b4, c25 = b5, c26 = b6, c27 = b7;
      let c30 = b0, c31 = b1, c32 = b2, c33 = b3, c34 = b4, c35 = b5, c36 = b6, c37 = b7;
      let c40 = b0, c41 = b1, c42 = b2, c43 = b3, c44 = b4, c45 = b5, c46 = b6, c47 = b7;
      let c50 = b0, c51 = b1, c52 = b2, c53 = b3, c54 = b4, c55 = b5, c56 = b6, c57 = b7;
      let c60 = b0, c61 = b1, c62 = b2, c63 = b3, c64 = b4, c65 = b5, c66 = b6, c67 = b7;
      let c70 = b0, c71 = b1, c72 = b2, c73 = b3, c74 = b4, c75 = b5, c76 = b6, c77 = b7;
      for (let p = 0, a = i * K, b = j; p < K; p++, a++, b += N) {
        const x0 = A[a], x1 = A[a + K1], x2 = A[a + K2], x3 = A[a + K3], x4 = A[a + K4], x5 = A[a + K5], x6 = A[a + K6], x7 = A[a + K7];
        const w0 = B[b], w1 = B[b + 1], w2 = B[b + 2], w3 = B[b + 3], w4 = B[b + 4], w5 = B[b + 5], w6 = B[b + 6], w7 = B[b + 7];
        c00 += x0 * w0; c01 += x0 * w1; c02 += x0 * w2; c03 += x0 * w3; c04 += x0 * w4; c05 += x0 * w5; c06 += x0 * w6; c07 += x0 * w7;
        c10 += x1 * w0; c11 += x1 * w1; c12 += x1 * w2; c13 += x1 * w3; c14 += x1 * w4; c15 += x1 * w5; c16 += x1 * w6; c17 += x1 * w7;
        c20 += x2 * w0; c21 += x2 * w1; c22 += x2 * w2; c23 += x2 * w3; c24 += x2 * w4; c25 += x2 * w5; c26 += x2 * w6; c27 += x2 * w7;
        c30 += x3 * w0; c31 += x3 * w1; c32 += x3 * w2; c33 += x3 * w3; c34 += x3 * w4; c35 += x3 * w5; c36 += x3 * w6; c37 += x3 * w7;
        c40 += x4 * w0; c41 += x4 * w1; c42 += x4 * w2; c43 += x4 * w3; c44 += x4 * w4; c45 += x4 * w5; c46 += x4 * w6; c47 += x4 * w7;
        c50 += x5 * w0; c51 += x5 * w1; c52 += x5 * w2; c53 += x5 * w3; c54 += x5 * w4; c55 += x5 * w5; c56 += x5 * w6; c57 += x5 * w7;
        c60 += x6 * w0; c61 += x6 * w1; c62 += x6 * w2; c63 += x6 * w3; c64 += x6 * w4; c65 += x6 * w5; c66 += x6 * w6; c67 += x6 * w7;
        c70 += x7 * w0; c71 += x7 * w1; c72 += x7 * w2; c73 += x7 * w3; c74 += x7 * w4; c75 += x7 * w5; c76 += x7 * w6; c77 += x7 * w7;
      }
      let o = i * N + j; C[o] = c00; C[o + 1] = c01; C[o + 2] = c02; C[o + 3] = c03; C[o + 4] = c04; C[o + 5] = c05; C[o + 6] = c06; C[o + 7] = c07;
      o = o + N; C[o] = c10; C[o + 1] = c11; C[o + 2] = c12; C[o + 3] = c13; C[o + 4] = c14; C[o + 5] = c15; C[o + 6] = c16; C[o + 7] = c17;
      o = o + N; C[o] = c20; C[o + 1] = c21; C[o + 2] = c22; C[o + 3] = c23; C[o + 4] = c24; C[o + 5] = c25; C[o + 6] = c26; C[o + 7] = c27;
      o = o + N; C[o] = c30; C[o + 1] = c31; C[o + 2] = c32; C[o + 3] = c33; C[o + 4] = c34; C[o + 5] = c35; C[o + 6] = c36; C[o + 7] = c37;
      o = o + N; C[o] = c40; C[o + 1] = c41; C[o + 2] = c42; C[o + 3] = c43; C[o + 4] = c44; C[o + 5] = c45; C[o + 6] = c46; C[o + 7] = c47;
      o = o + N; C[o] = c50; C[o + 1] = c51; C[o + 2] = c52; C[o + 3] = c53; C[o + 4] = c54; C[o + 5] = c55; C[o + 6] = c56; C[o + 7] = c57;
      o = o + N; C[o] = c60; C[o + 1] = c61; C[o + 2] = c62; C[o + 3] = c63; C[o + 4] = c64; C[o + 5] = c65; C[o + 6] = c66; C[o + 7] = c67;
      o = o + N; C[o] = c70; C[o + 1] = c71; C[o + 2] = c72; C[o + 3] = c73; C[o + 4] = c74; C[o + 5] = c75; C[o + 6] = c76; C[o + 7] = c77;
    }
    for (let j = N8; j < N; j++) {
      const bj = bias[j];
      let c0 = bj, c1 = bj, c2 = bj, c3 = bj, c4 = bj, c5 = bj, c6 = bj, c7 = bj;
      for (let p = 0, a = i * K, b = j; p < K; p++, a++, b += N) {
        const w = B[b];
        c0 += A[a] * w; c1 += A[a + K1] * w; c2 += A[a + K2] * w; c3 += A[a + K3] * w;
        c4 += A[a + K4] * w; c5 += A[a + K5] * w; c6 += A[a + K6] * w; c7 += A[a + K7] * w;
      }
      let o = i * N + j; C[o] = c0; C[o += N] = c1; C[o += N] = c2; C[o += N] = c3;
      C[o += N] = c4; C[o += N] = c5; C[o += N] = c6; C[o += N] = c7;
    }
    activate(C, i * N, (i + 8) * N, act);
  }
  for (let i = M8; i < M; i++) {
    for (let j = 0; j < N8; j += 8) {
      const b0 = bias[j], b1 = bias[j + 1], b2 = bias[j + 2], b3 = bias[j + 3], b4 = bias[j + 4], b5 = bias[j + 5], b6 = bias[j + 6], b7 = bias[j + 7];
      let c00 = b0, c01 = b1, c02 = b2, c03 = b3, c04 = b4, c05 = b5, c06 = b6, c07 = b7;
      for (let p = 0, a = i * K, b = j; p < K; p++, a++, b += N) {
        const x0 = A[a];
        const w0 = B[b], w1 = B[b + 1], w2 = B[b + 2], w3 = B[b + 3], w4 = B[b + 4], w5 = B[b + 5], w6 = B[b + 6], w7 = B[b + 7];
        c00 += x0 * w0; c01 += x0 * w1; c02 += x0 * w2; c03 += x0 * w3; c04 += x0 * w4; c05 += x0 * w5; c06 += x0 * w6; c07 += x0 * w7;
      }
      let o = i * N + j; C[o] = c00; C[o + 1] = c01; C[o + 2] = c02; C[o + 3] = c03; C[o + 4] = c04; C[o + 5] = c05; C[o + 6] = c06; C[o + 7] = c07;
    }
    for (let j = N8; j < N; j++) {
      let c = bias[j];
      for (let p = 0, a = i * K, b = j; p < K; p++, a++, b += N) c += A[a] * B[b];
      C[i * N + j] = c;
    }
    activate(C, i * N, (i + 1) * N, act);
  }
}

/**
 * C[M,N] = (A[M,K]·B[N,K]ᵀ) · act′(Y): the input gradient of a dense layer (A = ∂L/∂z [batch, out],
 * B = kernel [in, out]) times the previous activation's derivative (Y its output), per 8-row band.
 */
export function gemmNT(A, B, C, M, K, N, Y, act) {
  const K1 = K, K2 = 2 * K, K3 = 3 * K, K4 = 4 * K, K5 = 5 * K, K6 = 6 * K, K7 = 7 * K;
  const M8 = M - (M % 8), N8 = N - (N % 8);
  for (let i = 0; i < M8; i += 8) {
    for (let j = 0; j < N8; j += 8) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
      let c40 = 0, c41 = 0, c42 = 0, c43 = 0, c44 = 0, c45 = 0, c46 = 0, c47 = 0;
      let c50 = 0, c51 = 0, c52 = 0, c53 = 0, c54 = 0, c55 = 0, c56 = 0, c57 = 0;
      let c60 = 0, c61 = 0, c62 = 0, c63 = 0, c64 = 0, c65 = 0, c66 = 0, c67 = 0;
      let c70 = 0, c71 = 0, c72 = 0, c73 = 0, c74 = 0, c75 = 0, c76 = 0, c77 = 0;
      for (let p = 0, a = i * K, b = j * K; p < K; p++, a++, b++) {
        const x0 = A[a], x1 = A[a + K1], x2 = A[a + K2], x3 = A[a + K3], x4 = A[a + K4], x5 = A[a + K5], x6 = A[a + K6], x7 = A[a + K7];
        const w0 = B[b], w1 = B[b + K1], w2 = B[b + K2], w3 = B[b + K3], w4 = B[b + K4], w5 = B[b + K5], w6 = B[b + K6], w7 = B[b + K7];
        c00 += x0 * w0; c01 += x0 * w1; c02 += x0 * w2; c03 += x0 * w3; c04 += x0 * w4; c05 += x0 * w5; c06 += x0 * w6; c07 += x0 * w7;
        c10 += x1 * w0; c11 += x1 * w1; c12 += x1 * w2; c13 += x1 * w3; c14 += x1 * w4; c15 += x1 * w5; c16 += x1 * w6; c17 += x1 * w7;
        c20 += x2 * w0; c21 += x2 * w1; c22 += x2 * w2; c23 += x2 * w3; c24 += x2 * w4; c25 += x2 * w5; c26 += x2 * w6; c27 += x2 * w7;
        c30 += x3 * w0; c31 += x3 * w1; c32 += x3 * w2; c33 += x3 * w3; c34 += x3 * w4; c35 += x3 * w5; c36 += x3 * w6; c37 += x3 * w7;
        c40 += x4 * w0; c41 += x4 * w1; c42 += x4 * w2; c43 += x4 * w3; c44 += x4 * w4; c45 += x4 * w5; c46 += x4 * w6; c47 += x4 * w7;
        c50 += x5 * w0; c51 += x5 * w1; c52 += x5 * w2; c53 += x5 * w3; c54 += x5 * w4; c55 += x5 * w5; c56 += x5 * w6; c57 += x5 * w7;
        c60 += x6 * w0; c61 += x6 * w1; c62 += x6 * w2; c63 += x6 * w3; c64 += x6 * w4; c65 += x6 * w5; c66 += x6 * w6; c67 += x6 * w7;
        c70 += x7 * w0; c71 += x7 * w1; c72 += x7 * w2; c73 += x7 * w3; c74 += x7 * w4; c75 += x7 * w5; c76 += x7 * w6; c77 += x7 * w7;
      }
      let o = i * N + j; C[o] = c00; C[o + 1] = c01; C[o + 2] = c02; C[o + 3] = c03; C[o + 4] = c04; C[o + 5] = c05; C[o + 6] = c06; C[o + 7] = c07;
      o = o + N; C[o] = c10; C[o + 1] = c11; C[o + 2] = c12; C[o + 3] = c13; C[o + 4] = c14; C[o + 5] = c15; C[o + 6] = c16; C[o + 7] = c17;
      o = o + N; C[o] = c20; C[o + 1] = c21; C[o + 2] = c22; C[o + 3] = c23; C[o + 4] = c24; C[o + 5] = c25; C[o + 6] = c26; C[o + 7] = c27;
      o = o + N; C[o] = c30; C[o + 1] = c31; C[o + 2] = c32; C[o + 3] = c33; C[o + 4] = c34; C[o + 5] = c35; C[o + 6] = c36; C[o + 7] = c37;
      o = o + N; C[o] = c40; C[o + 1] = c41; C[o + 2] = c42; C[o + 3] = c43; C[o + 4] = c44; C[o + 5] = c45; C[o + 6] = c46; C[o + 7] = c47;
      o = o + N; C[o] = c50; C[o + 1] = c51; C[o + 2] = c52; C[o + 3] = c53; C[o + 4] = c54; C[o + 5] = c55; C[o + 6] = c56; C[o + 7] = c57;
      o = o + N; C[o] = c60; C[o + 1] = c61; C[o + 2] = c62; C[o + 3] = c63; C[o + 4] = c64; C[o + 5] = c65; C[o + 6] = c66; C[o + 7] = c67;
      o = o + N; C[o] = c70; C[o + 1] = c71; C[o + 2] = c72; C[o + 3] = c73; C[o + 4] = c74; C[o + 5] = c75; C[o + 6] = c76; C[o + 7] = c77;
    }
    for (let j = N8; j < N; j++) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
      for (let p = 0, a = i * K, b = j * K; p < K; p++, a++, b++) {
        const w = B[b];
        c0 += A[a] * w; c1 += A[a + K1] * w; c2 += A[a + K2] * w; c3 += A[a + K3] * w;
        c4 += A[a + K4] * w; c5 += A[a + K5] * w; c6 += A[a + K6] * w; c7 += A[a + K7] * w;
      }
      let o = i * N + j; C[o] = c0; C[o += N] = c1; C[o += N] = c2; C[o += N] = c3;
      C[o += N] = c4; C[o += N] = c5; C[o += N] = c6; C[o += N] = c7;
    }
    derive(C, Y, i * N, (i + 8) * N, act);
  }
  for (let i = M8; i < M; i++) {
    for (let j = 0; j < N8; j += 8) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
      for (let p = 0, a = i * K, b = j * K; p < K; p++, a++, b++) {
        const x0 = A[a];
        const w0 = B[b], w1 = B[b + K1], w2 = B[b + K2], w3 = B[b + K3], w4 = B[b + K4], w5 = B[b + K5], w6 = B[b + K6], w7 = B[b + K7];
        c00 += x0 * w0; c01 += x0 * w1; c02 += x0 * w2; c03 += x0 * w3; c04 += x0 * w4; c05 += x0 * w5; c06 += x0 * w6; c07 += x0 * w7;
      }
      let o = i * N + j; C[o] = c00; C[o + 1] = c01; C[o + 2] = c02; C[o + 3] = c03; C[o + 4] = c04; C[o + 5] = c05; C[o + 6] = c06; C[o + 7] = c07;
    }
    for (let j = N8; j < N; j++) {
      let c = 0;
      for (let p = 0, a = i * K, b = j * K; p < K; p++, a++, b++) c += A[a] * B[b];
      C[i * N + j] = c;
    }
    derive(C, Y, i * N, (i + 1) * N, act);
  }
}

/** C[M,N] = A[K,M]ᵀ·B[K,N]: the kernel gradient of a dense layer (A = input [batch, in], B = ∂L/∂z). */
export function gemmTN(A, B, C, M, K, N) {
  const M8 = M - (M % 8), N8 = N - (N % 8);
  for (let i = 0; i < M8; i += 8) {
    for (let j = 0; j < N8; j += 8) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
      let c40 = 0, c41 = 0, c42 = 0, c43 = 0, c44 = 0, c45 = 0, c46 = 0, c47 = 0;
      let c50 = 0, c51 = 0, c52 = 0, c53 = 0, c54 = 0, c55 = 0, c56 = 0, c57 = 0;
      let c60 = 0, c61 = 0, c62 = 0, c63 = 0, c64 = 0, c65 = 0, c66 = 0, c67 = 0;
      let c70 = 0, c71 = 0, c72 = 0, c73 = 0, c74 = 0, c75 = 0, c76 = 0, c77 = 0;
      for (let p = 0, a = i, b = j; p < K; p++, a += M, b += N) {
        const x0 = A[a], x1 = A[a + 1], x2 = A[a + 2], x3 = A[a + 3], x4 = A[a + 4], x5 = A[a + 5], x6 = A[a + 6], x7 = A[a + 7];
        const w0 = B[b], w1 = B[b + 1], w2 = B[b + 2], w3 = B[b + 3], w4 = B[b + 4], w5 = B[b + 5], w6 = B[b + 6], w7 = B[b + 7];
        c00 += x0 * w0; c01 += x0 * w1; c02 += x0 * w2; c03 += x0 * w3; c04 += x0 * w4; c05 += x0 * w5; c06 += x0 * w6; c07 += x0 * w7;
        c10 += x1 * w0; c11 += x1 * w1; c12 += x1 * w2; c13 += x1 * w3; c14 += x1 * w4; c15 += x1 * w5; c16 += x1 * w6; c17 += x1 * w7;
        c20 += x2 * w0; c21 += x2 * w1; c22 += x2 * w2; c23 += x2 * w3; c24 += x2 * w4; c25 += x2 * w5; c26 += x2 * w6; c27 += x2 * w7;
        c30 += x3 * w0; c31 += x3 * w1; c32 += x3 * w2; c33 += x3 * w3; c34 += x3 * w4; c35 += x3 * w5; c36 += x3 * w6; c37 += x3 * w7;
        c40 += x4 * w0; c41 += x4 * w1; c42 += x4 * w2; c43 += x4 * w3; c44 += x4 * w4; c45 += x4 * w5; c46 += x4 * w6; c47 += x4 * w7;
        c50 += x5 * w0; c51 += x5 * w1; c52 += x5 * w2; c53 += x5 * w3; c54 += x5 * w4; c55 += x5 * w5; c56 += x5 * w6; c57 += x5 * w7;
        c60 += x6 * w0; c61 += x6 * w1; c62 += x6 * w2; c63 += x6 * w3; c64 += x6 * w4; c65 += x6 * w5; c66 += x6 * w6; c67 += x6 * w7;
        c70 += x7 * w0; c71 += x7 * w1; c72 += x7 * w2; c73 += x7 * w3; c74 += x7 * w4; c75 += x7 * w5; c76 += x7 * w6; c77 += x7 * w7;
      }
      let o = i * N + j; C[o] = c00; C[o + 1] = c01; C[o + 2] = c02; C[o + 3] = c03; C[o + 4] = c04; C[o + 5] = c05; C[o + 6] = c06; C[o + 7] = c07;
      o = o + N; C[o] = c10; C[o + 1] = c11; C[o + 2] = c12; C[o + 3] = c13; C[o + 4] = c14; C[o + 5] = c15; C[o + 6] = c16; C[o + 7] = c17;
      o = o + N; C[o] = c20; C[o + 1] = c21; C[o + 2] = c22; C[o + 3] = c23; C[o + 4] = c24; C[o + 5] = c25; C[o + 6] = c26; C[o + 7] = c27;
      o = o + N; C[o] = c30; C[o + 1] = c31; C[o + 2] = c32; C[o + 3] = c33; C[o + 4] = c34; C[o + 5] = c35; C[o + 6] = c36; C[o + 7] = c37;
      o = o + N; C[o] = c40; C[o + 1] = c41; C[o + 2] = c42; C[o + 3] = c43; C[o + 4] = c44; C[o + 5] = c45; C[o + 6] = c46; C[o + 7] = c47;
      o = o + N; C[o] = c50; C[o + 1] = c51; C[o + 2] = c52; C[o + 3] = c53; C[o + 4] = c54; C[o + 5] = c55; C[o + 6] = c56; C[o + 7] = c57;
      o = o + N; C[o] = c60; C[o + 1] = c61; C[o + 2] = c62; C[o + 3] = c63; C[o + 4] = c64; C[o + 5] = c65; C[o + 6] = c66; C[o + 7] = c67;
      o = o + N; C[o] = c70; C[o + 1] = c71; C[o + 2] = c72; C[o + 3] = c73; C[o + 4] = c74; C[o + 5] = c75; C[o + 6] = c76; C[o + 7] = c77;
    }
    for (let j = N8; j < N; j++) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
      for (let p = 0, a = i, b = j; p < K; p++, a += M, b += N) {
        const w = B[b];
        c0 += A[a] * w; c1 += A[a + 1] * w; c2 += A[a + 2] * w; c3 += A[a + 3] * w;
        c4 += A[a + 4] * w; c5 += A[a + 5] * w; c6 += A[a + 6] * w; c7 += A[a + 7] * w;
      }
      let o = i * N + j; C[o] = c0; C[o += N] = c1; C[o += N] = c2; C[o += N] = c3;
      C[o += N] = c4; C[o += N] = c5; C[o += N] = c6; C[o += N] = c7;
    }
  }
  for (let i = M8; i < M; i++) {
    for (let j = 0; j < N8; j += 8) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
      for (let p = 0, a = i, b = j; p < K; p++, a += M, b += N) {
        const x0 = A[a];
        const w0 = B[b], w1 = B[b + 1], w2 = B[b + 2], w3 = B[b + 3], w4 = B[b + 4], w5 = B[b + 5], w6 = B[b + 6], w7 = B[b + 7];
        c00 += x0 * w0; c01 += x0 * w1; c02 += x0 * w2; c03 += x0 * w3; c04 += x0 * w4; c05 += x0 * w5; c06 += x0 * w6; c07 += x0 * w7;
      }
      let o = i * N + j; C[o] = c00; C[o + 1] = c01; C[o + 2] = c02; C[o + 3] = c03; C[o + 4] = c04; C[o + 5] = c05; C[o + 6] = c06; C[o + 7] = c07;
    }
    for (let j = N8; j < N; j++) {
      let c = 0;
      for (let p = 0, a = i, b = j; p < K; p++, a += M, b += N) c += A[a] * B[b];
      C[i * N + j] = c;
    }
  }
}

/** out[N] = Σ_rows D[M,N] (the bias gradient), eight columns at a time in locals. */
export function sumRows(D, out, M, N) {
  const N8 = N - (N % 8);
  for (let j = 0; j < N8; j += 8) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (let r = 0, o = j; r < M; r++, o += N) {
      s0 += D[o]; s1 += D[o + 1]; s2 += D[o + 2]; s3 += D[o + 3];
      s4 += D[o + 4]; s5 += D[o + 5]; s6 += D[o + 6]; s7 += D[o + 7];
    }
    out[j] = s0; out[j + 1] = s1; out[j + 2] = s2; out[j + 3] = s3;
    out[j + 4] = s4; out[j + 5] = s5; out[j + 6] = s6; out[j + 7] = s7;
  }
  for (let j = N8; j < N; j++) {
    let s = 0;
    for (let r = 0, o = j; r < M; r++, o += N) s += D[o];
    out[j] = s;
  }
}

/** P[M,N] = softmax of each row of Z[M,N]. */
export function softmax(Z, P, M, N) {
  for (let r = 0; r < M; r++) {
    const o = r * N;
    let max = Z[o];
    for (let j = 1; j < N; j++) if (Z[o + j] > max) max = Z[o + j];
    let sum = 0;
    for (let j = 0; j < N; j++) sum += P[o + j] = Math.exp(Z[o + j] - max);
    const inv = 1 / sum;
    for (let j = 0; j < N; j++) P[o + j] *= inv;
  }
}

/**
 * The mean softmax cross-entropy of logits Z[M,N] against targets Y, returned; P the softmax and
 * D = ∂loss/∂Z = (P·Σy − y)/M, one row at a time.
 */
export function softmaxCrossEntropy(Z, Y, P, D, M, N) {
  const inv = 1 / M;
  let loss = 0;
  for (let r = 0; r < M; r++) {
    const o = r * N;
    let max = Z[o];
    for (let j = 1; j < N; j++) if (Z[o + j] > max) max = Z[o + j];
    let sum = 0;
    for (let j = 0; j < N; j++) sum += P[o + j] = Math.exp(Z[o + j] - max);
    const lse = max + Math.log(sum);
    const invSum = 1 / sum;
    let sumY = 0;
    let sumYZ = 0;
    for (let j = 0; j < N; j++) {
      const t = Y[o + j];
      sumY += t;
      sumYZ += t * Z[o + j];
    }
    loss += lse * sumY - sumYZ;
    for (let j = 0; j < N; j++) {
      const q = P[o + j] * invSum;
      P[o + j] = q;
      D[o + j] = (q * sumY - Y[o + j]) * inv;
    }
  }
  return loss * inv;
}
