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
 * Measured (bench/wasm-gemm.ts --sweep / --tiles, f32, V8 on an AMD EPYC with 16 xmm registers,
 * mnist and wide at batch 64 / 128, on a shared machine: differences under ~10% are noise;
 * MAC/cycle at the nominal 2445 MHz; f64 follows the same rules, checked on wide only):
 * - Bᵀ with A [M, K] and K ≥ 16, f32 (or no scratch): "k" tiles of 2 rows × one vector of columns,
 *   panels of B's rows outer: 6.4–6.5 MAC/cycle, as fast as packing, without scratch memory. (In f64
 *   packing wins: 3.2 against 2.6, and at K = 10 2.4 against 1.2.)
 * - C one panel wide (N ≤ 4 vectors): 2 rows × all of it (5.2–5.7).
 * - otherwise, with scratch memory: 2 rows × 4 vectors (13 live v128: 8 accumulators, 4 of B,
 *   A's splat), B's panels packed (rows of B a power of two apart, as N = 128 or 512, share a few
 *   cache sets), K in blocks of ≤ 256 (constant K, no store hook): 6.3–6.8 MAC/cycle, where the
 *   unpacked tiles below reach 4.7–5.7, gathered Bᵀ columns 2.4–4.
 * - without (scratch: false): Bᵀ 4 rows × 2 vectors gathered; B past L2 (512 KiB) 2 × 4 in blocks
 *   of ≤ 256 (no store hook), column panels outer; N ≥ 256 5 rows × 4 vectors, 2 steps per
 *   iteration, column panels outer (its 20 accumulators spill, yet it reads B least); else 2 × 4.
 * A store hook never gets blocks: it may read an array that C overwrites in place, over which
 * blocks would store partial sums first.
 */
export function chooseWasmTile(g: Pick<WasmGemm, "M" | "N" | "K" | "ta" | "tb" | "dtype" | "store" | "scratch">): WasmTile {
  const lanes = g.dtype === "f32" ? 4 : 2;
  const constantK = typeof g.K === "number";
  const kTiles = g.dtype === "f32" || g.scratch === false;
  if (kTiles && g.tb && !g.ta && constantK && (g.K as number) >= 16) return { mode: "k", rows: 2, cols: lanes, unroll: 1, panel: true };
  if (g.N <= 4 * lanes) return { mode: "n", rows: 2, cols: Math.ceil(g.N / lanes), unroll: 1 };
  const blocks = constantK && !g.store ? { kBlock: 256 } : {};
  if (g.scratch !== false) return { mode: "n", rows: 2, cols: 4, unroll: 1, panel: true, pack: true, ...blocks };
  if (g.tb) return { mode: "n", rows: 4, cols: 2, unroll: 1 };
  if (constantK && (g.K as number) * g.N * (16 / lanes) > 512 * 1024 && !g.store) return { mode: "n", rows: 2, cols: 4, unroll: 1, panel: true, ...blocks };
  if (g.N >= 256) return { mode: "n", rows: 5, cols: 4, unroll: 2, panel: true };
  return { mode: "n", rows: 2, cols: 4, unroll: 1 };
}
