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
}

export function chooseWasmTile(g: Pick<WasmGemm, "M" | "N" | "K" | "ta" | "tb" | "dtype">): WasmTile {
  const lanes = g.dtype === "f32" ? 4 : 2;
  if (g.tb && !g.ta && typeof g.K === "number" && g.K >= 4 * lanes) return { mode: "k", rows: 3, cols: 4, unroll: 1 };
  const vectors = Math.min(3, Math.ceil(g.N / lanes));
  return { mode: "n", rows: 4, cols: vectors, unroll: 1 };
}
