// Register blocking of each matrix product, chosen from its shape at compile time: a tile of
// ri × rj accumulators (local doubles) per inner loop. Measured on V8 (x64, scalar doubles): the
// kernels peak at about 64 accumulators (8 × 8), where each shared-dimension step loads 16
// values for 64 multiply-adds; narrow outputs (≤ 12 columns) are covered by one tile row so
// there is no column remainder.
import type { Dim, Node, Shape } from "../../ir/graph.ts";
import { InternalError } from "../../errors.ts";

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
  /**
   * A contraction over flattened axes ([n, T, d]·[d, u] is [n·T, d]·[d, u]): the dimension that is
   * "n" stands for batch × nScale. 1 for a matmul.
   */
  nScale: number;
}

/** The product a gemm group runs: a matmul, or a contraction that is one matrix product over contiguous axes. */
export function gemmDims(node: Node, shapeOf: (id: string) => Shape): GemmDims {
  const dims = node.op === "matmul" ? matmulDims(node, shapeOf) : contractionDims(node, shapeOf);
  if (!dims) throw new InternalError(`%${node.id} (${node.op}) is not a matrix product`);
  return dims;
}

/** Whether a node runs as a matrix-product kernel. */
export function isGemm(node: Node, shapeOf: (id: string) => Shape): boolean {
  return node.op === "matmul" || (node.op === "dot_general" && contractionDims(node, shapeOf) !== undefined);
}

function matmulDims(matmul: Node, shapeOf: (id: string) => Shape): GemmDims {
  const [a, b] = matmul.inputs.map(shapeOf);
  const ta = matmul.attrs.ta === 1;
  const tb = matmul.attrs.tb === 1;
  return { M: ta ? a[1] : a[0], K: ta ? a[0] : a[1], N: tb ? b[0] : b[1], ta, tb, nScale: 1 };
}

/**
 * A dot_general without batch axes whose contracted axes are a contiguous block at the start or
 * the end of each operand (in the same order, the pairs taken in A's axis order) is one matrix
 * product of the operands viewed as matrices: A [free…, K…] or Aᵀ [K…, free…], B [K…, free…] or
 * Bᵀ [free…, K…] (a transpose folded into the product, fold-transpose.ts, lands here); its output
 * [A's free…, B's free…] is C [M, N] row-major. The batch axis n may be a free axis of A (M = n·…)
 * or contracted in both (K = n·…): the weight gradient of a dense layer on [n, T, d].
 */
function contractionDims(node: Node, shapeOf: (id: string) => Shape): GemmDims | undefined {
  if (node.op !== "dot_general") return undefined;
  const [lb, rb] = (["lb", "rb"] as const).map((k) => node.attrs[k] as readonly number[]);
  // The contracted pairs in A's axis order: their order in lc/rc does not change the sum.
  const pairs = (node.attrs.lc as readonly number[]).map((ax, t) => [ax, (node.attrs.rc as readonly number[])[t]!] as const).sort((p, q) => p[0] - q[0]);
  const [lc, rc] = [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
  if (lb.length > 0 || rb.length > 0 || lc.length === 0) return undefined;
  const [a, b] = node.inputs.map(shapeOf);
  const block = (axes: readonly number[], rank: number): "leading" | "trailing" | undefined => {
    const consecutive = axes.every((x, i) => i === 0 || x === axes[i - 1] + 1);
    if (!consecutive) return undefined;
    if (axes[0] === 0) return "leading";
    return axes[axes.length - 1] === rank - 1 ? "trailing" : undefined;
  };
  const [blockA, blockB] = [block(lc, a.length), block(rc, b.length)];
  if (!blockA || !blockB) return undefined;
  const free = (shape: Shape, used: readonly number[]) => shape.filter((_, i) => !used.includes(i));
  const product = (dims: Shape): { dim: Dim; scale: number } | undefined => {
    const fixed = dims.reduce<number>((p, d) => (d === "n" ? p : p * d), 1);
    if (!dims.includes("n")) return { dim: fixed, scale: 1 };
    return dims[0] === "n" ? { dim: "n", scale: fixed } : undefined;
  };
  const [M, K, N] = [product(free(a, lc)), product(lc.map((i) => a[i]!)), product(free(b, rc))];
  if (!M || !K || !N || N.dim === "n") return undefined;
  return { M: M.dim, K: K.dim, N: N.dim, ta: blockA === "leading", tb: blockB === "trailing", nScale: M.dim === "n" ? M.scale : K.scale };
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
export function chooseTiles(M: Dim, N: Dim, K: Dim, maxBatch: number, inlineAllowed = true): Tiles {
  const rows = M === "n" ? maxBatch : M;
  const cols = N === "n" ? maxBatch : N;
  const depth = K === "n" ? maxBatch : K;
  const rj = N !== "n" && N <= 12 ? N : Math.min(8, cols);
  if (rows * cols * depth <= SMALL_PRODUCT) return { ri: 1, rj: Math.min(rj, 4), inline: inlineAllowed };
  const ri = Math.max(1, Math.min(rj <= 4 ? 16 : 8, rows));
  return { ri, rj, inline: false };
}
