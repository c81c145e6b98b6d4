// The measured register tiles chooseTiles reads (see tiles.ts): written by `npm run bench:tiles -- --write`,
// never during compile(). One entry per product: C[M, N] = op(A)·op(B) over K (n the batch), its
// transposes and the rows n stands for (maxBatch × the flattened axes; 0 when no dimension is n).
// `ms`: ms per call of the best candidates, of the cost model's tile (modelTiles) and of the rule's
// before the table (bench/tile-rule-before.ts), for the record.
// Measured on 2 × AMD EPYC, node v20.20.2, 2026-12-02, median of 3 processes × 7 interleaved rounds; only tiles
// more than 3% faster than the cost model's are kept, in this run and in an earlier one (--confirm).
import type { Dim } from "../../ir/graph.ts";

export interface TileEntry {
  M: Dim;
  N: Dim;
  K: Dim;
  ta: boolean;
  tb: boolean;
  batch: number;
  ri: number;
  rj: number;
  ms: Record<string, number>;
  /** The product measured (its kernel's formula) and the models it came from. */
  product: string;
}

/** The table's key of a product: "n×784×128 A·B @64" (@ the rows n stands for; none without n). */
export function tileKey(p: { M: Dim; N: Dim; K: Dim; ta: boolean; tb: boolean; batch: number }): string {
  const batch = [p.M, p.N, p.K].includes("n") ? ` @${p.batch}` : "";
  return `${p.M}×${p.N}×${p.K} ${p.ta ? "Aᵀ" : "A"}·${p.tb ? "Bᵀ" : "B"}${batch}`;
}

export const TILE_MACHINE = "2 × AMD EPYC, node v20.20.2, 2026-12-02";

// prettier-ignore
export const TILE_TABLE: readonly TileEntry[] = [
  {"M":192,"N":48,"K":"n","ta":true,"tb":false,"batch":512,"ri":4,"rj":4,"ms":{"4×4":2.6339,"3×6":12.3521,"3×4":15.8467,"8×8":35.8487},"product":"C[192, 48] = A·B; A [n, 192]ᵀ, B [n, 48] (examples/names.net.ts)"},
  {"M":32,"N":10,"K":"n","ta":true,"tb":false,"batch":32,"ri":3,"rj":4,"ms":{"3×4":0.0039,"6×2":0.0041,"6×4":0.0041,"8×10":0.0049},"product":"C[32, 10] = A·B; A [n, 32]ᵀ, B [n, 10] (bench digits)"},
  {"M":512,"N":10,"K":"n","ta":true,"tb":false,"batch":128,"ri":4,"rj":6,"ms":{"4×6":0.31,"6×2":0.3219,"8×4":0.327,"8×10":0.3692},"product":"C[512, 10] = A·B; A [n, 512]ᵀ, B [n, 10] (bench wide)"},
  {"M":"n","N":128,"K":784,"ta":false,"tb":false,"batch":64,"ri":4,"rj":4,"ms":{"4×4":10.2085,"6×4":13.6316,"3×8":19.8321,"3×4":24.3421,"8×8":38.9106},"product":"C[n, 128] = Math.max(acc, 0) with acc = A·B + e0[j]; A [n, 784], B [784, 128] (examples/mnist.net.ts)"},
  {"M":"n","N":512,"K":512,"ta":false,"tb":false,"batch":128,"ri":6,"rj":4,"ms":{"6×4":36.72,"8×4":40.4247,"4×4":40.9376,"3×4":43.851,"8×8":45.9266},"product":"C[n, 512] = Math.max(acc, 0) with acc = A·B + e0[j]; A [n, 512], B [512, 512] (bench wide)"},
];
