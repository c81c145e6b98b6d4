// The register tile of a SIMD matrix product, chosen from its shape at compile time (deterministic,
// from measurements by bench/wasm-gemm.ts on x64 V8; nothing is timed here).
import type { WasmGemm } from "./gemm.ts";

export interface WasmTile {
  /** "n": vectors along C's columns; "k": vectors along the shared dimension, lanes summed at the end (A [M, K], B [N, K], K constant). */
  mode: "n" | "k";
  /** Rows of C per tile. */
  rows: number;
  /** "n": vectors of columns per tile; "k": columns per tile. */
  cols: number;
  /** Steps of the shared dimension per inner-loop iteration (constant strides only). */
  unroll: number;
  /** Loop order: each panel of columns through all rows (B's panel kept in cache), else each band of rows through all columns. */
  panel?: boolean;
  /** "n" tiles, constant K: the product summed over blocks of at most this many steps of K (B's rows of a block stay in cache). */
  kBlock?: number;
  /** "n" tiles: with enough rows, each panel of B (a block of it) copied to the $scratch param first, panels outer. */
  pack?: boolean;
}

/**
 * Measured (bench/wasm-gemm.ts --sweep, f32, V8 on an AMD EPYC with 16 xmm registers, mnist and
 * wide at batch 64 / 128, on a shared machine: differences under ~10% are noise; MAC/cycle at the
 * nominal 2445 MHz; f64 follows the same rule, unmeasured):
 * - Bᵀ with A [M, K] and K ≥ 4 vectors: "k" tiles of 2 rows × one vector of columns (4 f32), panels
 *   of B's rows outer (5.2–6.3 MAC/cycle against 2.5–4.5 gathering B's columns; 4 rows × 2 columns
 *   is as fast but leaves its lane sums half empty, its stores partial).
 * - other Bᵀ (small K, gathered columns): 4 rows × 2 vectors (4.0 MAC/cycle with a vector store
 *   hook, 2.5 with a scalar one, at K = 10).
 * - B (K × N) past L2 (512 KiB), K constant, no store hook: 2 rows × 4 vectors, column panels
 *   outer, K in blocks of ≤ 256 steps whose rows of B stay in cache (5.5–5.7 MAC/cycle against
 *   5.3 unblocked). (A hook may read an array that C overwrites in place: blocks would store
 *   partial sums over it first, so a hook never gets blocks.)
 * - N ≥ 256 otherwise: 5 rows × 4 vectors, 2 steps per iteration, column panels outer: B no longer
 *   fits in cache, so the tile that reads it least wins although its 20 accumulators spill (5.3–5.6
 *   MAC/cycle against 4.8–5.1 for 2 × 4).
 * - otherwise 2 rows × up to 4 vectors (13 live v128: 8 accumulators, 4 of B, A's splat): 5.4–6.9.
 */
export function chooseWasmTile(g: Pick<WasmGemm, "M" | "N" | "K" | "ta" | "tb" | "dtype" | "store">): WasmTile {
  const lanes = g.dtype === "f32" ? 4 : 2;
  const bBytes = typeof g.K === "number" ? g.K * g.N * (16 / lanes) : 0;
  if (g.tb && !g.ta && typeof g.K === "number" && g.K >= 4 * lanes) return { mode: "k", rows: 2, cols: lanes, unroll: 1, panel: true };
  if (g.tb) return { mode: "n", rows: 4, cols: 2, unroll: 1 };
  if (bBytes > 512 * 1024 && !g.store) return { mode: "n", rows: 2, cols: 4, unroll: 1, panel: true, kBlock: 256 };
  if (g.N >= 256) return { mode: "n", rows: 5, cols: 4, unroll: 2, panel: true };
  return { mode: "n", rows: 2, cols: Math.min(4, Math.ceil(g.N / lanes)), unroll: 1 };
}
