// Register blocking of each matrix product, chosen from its shape at compile time: a tile of
// ri × rj accumulators (local doubles) per inner loop. Small products are inline one-row tiles;
// others take the tile measured for that exact product (tile-table.ts, written by
// `npm run bench:tiles -- --write`, which times every candidate kernel per product on V8), else
// the cheapest by a small cost model (modelTiles: loads, multiply-adds and register spills per
// step, remainders included). Measured on x64: tiles of 12–24 accumulators (3 × 4, 4 × 6, 6 × 4)
// beat 8 × 8 on nearly every product, its 64 accumulators spilling from V8's 16 double registers;
// which of them wins a given product is within the noise of a shared machine more often than not,
// hence the model, and the table only for confirmed wins. Deterministic: nothing is
// timed during compile(). To re-measure: `npm run bench:tiles` (prints the table it would write),
// `-- --write`, then `npm run generate` and `npm run bench:tiles-compare` (docs/design.md).
import type { Dim, Node, Shape } from "../../ir/graph.ts";
import { InternalError } from "../../errors.ts";
import { TILE_TABLE, tileKey } from "./tile-table.ts";

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

/** Below this many multiply-adds per call a product gets small inline tiles (see chooseTiles). */
export const SMALL_PRODUCT = 8192;

/**
 * The register tile of a product. `n` (the batch) counts as maxBatch (maxBatch × the flattened
 * axes for a flattened contraction). Small products (at most SMALL_PRODUCT multiply-adds) get
 * one-row tiles of at most 4 columns, written inline in the method: a few lines the JIT compiles at
 * once, no call, and too little work for big tiles to pay off. (A small kernel function would be
 * inlined into its caller anyway, growing the chain trainStep → loss → compute… past V8's inlining
 * budget, so that the loss a call returns gets boxed.) Other products: the measured tile of the
 * exact product (shape, transposes, rows n stands for) from TILE_TABLE, else the cheapest
 * candidate by the cost model (modelTiles). Pure and deterministic: the table is data in the
 * repository, nothing is timed here.
 */
export function chooseTiles(M: Dim, N: Dim, K: Dim, maxBatch: number, inlineAllowed = true, transposes?: { ta: boolean; tb: boolean }): Tiles {
  const rows = M === "n" ? maxBatch : M;
  const cols = N === "n" ? maxBatch : N;
  const depth = K === "n" ? maxBatch : K;
  if (rows * cols * depth <= SMALL_PRODUCT) return { ri: 1, rj: Math.min(cols, 4), inline: inlineAllowed };
  const batch = [M, N, K].includes("n") ? maxBatch : 0;
  const measured = transposes && MEASURED.get(tileKey({ M, N, K, ...transposes, batch }));
  return measured ? { ri: measured.ri, rj: measured.rj, inline: false } : { ...modelTiles(M, N, K, maxBatch), inline: false };
}

const MEASURED = new Map(TILE_TABLE.map((e) => [tileKey(e), e]));

/**
 * The tiles bench/tiles.ts measures and the cost model chooses from: up to 40 accumulators, and a
 * whole row of a narrow product (N ≤ 12 columns, no column remainder).
 */
export function tileCandidates(N: Dim): { ri: number; rj: number }[] {
  const cols = [1, 2, 4, 6, 8];
  if (N !== "n" && N <= 12 && !cols.includes(N)) cols.push(N);
  return [1, 2, 3, 4, 6, 8].flatMap((ri) => cols.filter((rj) => ri * rj <= 40).map((rj) => ({ ri, rj })));
}

/** Double registers V8 allocates on x64 (xmm0–xmm15). */
const REGISTERS = 16;
/** A tile's cost besides its steps: setting up its loop, and its stores (counted per accumulator). */
const TILE_SETUP = 8;

/**
 * One step of the shared dimension for an r × c tile: r + c loads, r·c multiply-adds, and one
 * spill (a store and a reload, both L1 hits, counted as one) for each value live beyond the
 * registers: the r·c accumulators, the c loaded columns and the row value in use.
 */
const stepCost = (r: number, c: number) => r + c + r * c + Math.max(0, r * c + c + 1 - REGISTERS);

const tileCost = (r: number, c: number, depth: number) => (r === 0 || c === 0 ? 0 : depth * stepCost(r, c) + TILE_SETUP + r * c);

/**
 * The cost model: the cheapest candidate over the whole product, its remainders included as the
 * kernel runs them (gemm.ts): a constant dimension's remainder is one narrower band, the batch's
 * remainder (known only at run time, costed at maxBatch) one row or column at a time. Ties go to
 * the earlier candidate.
 */
export function modelTiles(M: Dim, N: Dim, K: Dim, maxBatch: number): { ri: number; rj: number } {
  const rows = M === "n" ? maxBatch : M;
  const cols = N === "n" ? maxBatch : N;
  const depth = K === "n" ? maxBatch : K;
  const band = (r: number, rj: number) => {
    const full = Math.floor(cols / rj) * tileCost(r, rj, depth);
    return full + (N === "n" ? (cols % rj) * tileCost(r, 1, depth) : tileCost(r, cols % rj, depth));
  };
  const cost = ({ ri, rj }: { ri: number; rj: number }) => {
    const full = Math.floor(rows / ri) * band(ri, rj);
    return full + (M === "n" ? (rows % ri) * band(1, rj) : rows % ri ? band(rows % ri, rj) : 0);
  };
  let best = { ri: 1, rj: 1 };
  let bestCost = Infinity;
  for (const c of tileCandidates(N)) {
    const fits = c.ri <= rows && c.rj <= cols;
    const k = cost(c);
    if (fits && k < bestCost) [best, bestCost] = [c, k];
  }
  return best;
}
