// Register blocking of each matrix product, chosen from its shape at compile time: a tile of
// ri × rj accumulators (local doubles) per inner loop. Measured on V8 (x64, scalar doubles): the
// kernels peak at about 64 accumulators (8 × 8), where each shared-dimension step loads 16
// values for 64 multiply-adds; narrow outputs (≤ 12 columns) are covered by one tile row so
// there is no column remainder.
import type { Dim, Node, Shape } from "../../ir/graph.ts";

export interface Tiles {
  ri: number;
  rj: number;
  /** Written inline in the method instead of as a kernel function (small products). */
  inline: boolean;
}

export interface GemmDims {
  /** C = op(A)·op(B) is [M, N], the shared dimension K. */
  M: Dim;
  N: Dim;
  K: Dim;
  ta: boolean;
  tb: boolean;
}

export function gemmDims(matmul: Node, shapeOf: (id: string) => Shape): GemmDims {
  const [a, b] = matmul.inputs.map(shapeOf);
  const ta = matmul.attrs.ta === 1;
  const tb = matmul.attrs.tb === 1;
  return { M: ta ? a[1] : a[0], K: ta ? a[0] : a[1], N: tb ? b[0] : b[1], ta, tb };
}

/** Below this many multiply-adds per call a product gets small tiles (see chooseTiles). */
export const SMALL_PRODUCT = 8192;

/**
 * `n` (the batch) counts as maxBatch when sizing a tile. Small products get one-row tiles of at
 * most 4 columns, written inline in the method: a few lines the JIT compiles at once, no call, and
 * too little work for big tiles to pay off. (A small kernel function would be inlined into its
 * caller anyway, growing the chain trainStep → loss → compute… past V8's inlining budget, so that
 * the loss a call returns gets boxed.)
 */
export function chooseTiles(M: Dim, N: Dim, K: Dim, maxBatch: number): Tiles {
  const rows = M === "n" ? maxBatch : M;
  const cols = N === "n" ? maxBatch : N;
  const depth = K === "n" ? maxBatch : K;
  const rj = N !== "n" && N <= 12 ? N : Math.min(8, cols);
  if (rows * cols * depth <= SMALL_PRODUCT) return { ri: 1, rj: Math.min(rj, 4), inline: true };
  const ri = Math.max(1, Math.min(rj <= 4 ? 16 : 8, rows));
  return { ri, rj, inline: false };
}
