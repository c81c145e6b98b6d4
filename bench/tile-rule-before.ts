// The tile rule before the measured table (kept for the comparisons of bench/tiles.ts and
// bench/tiles-compare.ts, never used by compile()): up to 12 columns in one tile row, else 8;
// 16 rows for tiles of at most 4 columns, else 8; small products inline, one row of at most 4.
import type { Dim } from "../compiler/ir/graph.ts";
import { SMALL_PRODUCT, type Tiles } from "../compiler/phases/4-plan/tiles.ts";

export function tilesBefore(M: Dim, N: Dim, K: Dim, maxBatch: number, inlineAllowed = true): Tiles {
  const rows = M === "n" ? maxBatch : M;
  const cols = N === "n" ? maxBatch : N;
  const depth = K === "n" ? maxBatch : K;
  const rj = N !== "n" && N <= 12 ? N : Math.min(8, cols);
  if (rows * cols * depth <= SMALL_PRODUCT) return { ri: 1, rj: Math.min(rj, 4), inline: inlineAllowed };
  const ri = Math.max(1, Math.min(rj <= 4 ? 16 : 8, rows));
  return { ri, rj, inline: false };
}
