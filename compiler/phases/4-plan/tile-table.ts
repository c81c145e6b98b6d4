// The measured register tiles chooseTiles reads (see tiles.ts): written by `npm run bench:tiles -- --write`,
// never during compile(). One entry per product: C[M, N] = op(A)·op(B) over K (n the batch), its
// transposes and the rows n stands for (maxBatch × the flattened axes; 0 when no dimension is n).
// `ms`: ms per call of the best candidates, of the cost model's tile (modelTiles) and of the rule's
// before the table (bench/tile-rule-before.ts), for the record.
// Measured on 2 × AMD EPYC, node v20.20.2, 2026-12-02, median of 3 processes × 7 interleaved rounds; only tiles
// more than 3% faster than the cost model's are kept.
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
  {"M":128,"N":10,"K":"n","ta":true,"tb":false,"batch":64,"ri":3,"rj":4,"ms":{"3×4":0.0355,"4×4":0.0359,"4×10":0.0373,"6×2":0.0401,"8×10":0.0438},"product":"C[128, 10] = A·B; A [n, 128]ᵀ, B [n, 10] (bench mnist, examples/mnist.net.ts)"},
  {"M":192,"N":48,"K":"n","ta":true,"tb":false,"batch":512,"ri":6,"rj":2,"ms":{"6×2":1.9306,"3×2":2.0804,"6×6":2.2122,"3×4":5.9036,"8×8":6.1906},"product":"C[192, 48] = A·B; A [n, 192]ᵀ, B [n, 48] (examples/names.net.ts)"},
  {"M":32,"N":10,"K":"n","ta":true,"tb":false,"batch":32,"ri":3,"rj":4,"ms":{"3×4":0.0039,"6×4":0.004,"6×2":0.004,"8×10":0.0045},"product":"C[32, 10] = A·B; A [n, 32]ᵀ, B [n, 10] (bench digits)"},
  {"M":512,"N":10,"K":"n","ta":true,"tb":false,"batch":128,"ri":3,"rj":4,"ms":{"3×4":0.2382,"6×4":0.2494,"4×6":0.2515,"6×2":0.2798,"8×10":0.2765},"product":"C[512, 10] = A·B; A [n, 512]ᵀ, B [n, 10] (bench wide)"},
  {"M":512,"N":512,"K":"n","ta":true,"tb":false,"batch":128,"ri":4,"rj":6,"ms":{"4×6":47.2752,"6×4":53.2939,"3×4":53.3768,"8×8":68.2358},"product":"C[512, 512] = A·B; A [n, 512]ᵀ, B [n, 512] (bench wide)"},
  {"M":784,"N":128,"K":"n","ta":true,"tb":false,"batch":64,"ri":3,"rj":6,"ms":{"3×6":3.2116,"2×4":3.8327,"2×8":4.7569,"6×2":6.7159,"8×8":7.4273},"product":"C[784, 128] = A·B; A [n, 784]ᵀ, B [n, 128] (bench mnist, examples/mnist.net.ts)"},
  {"M":"n","N":10,"K":32,"ta":false,"tb":false,"batch":32,"ri":3,"rj":4,"ms":{"3×4":0.0039,"4×4":0.0039,"2×6":0.0041,"6×2":0.0042,"8×10":0.0046},"product":"C[n, 10] = acc with acc = A·B + e0[j]; A [n, 32], B [32, 10] (bench digits)"},
  {"M":"n","N":10,"K":512,"ta":false,"tb":false,"batch":128,"ri":3,"rj":4,"ms":{"3×4":0.2188,"6×4":0.2403,"6×2":0.2408,"8×10":0.2803},"product":"C[n, 10] = acc with acc = A·B + e0[j]; A [n, 512], B [512, 10] (bench wide)"},
  {"M":"n","N":128,"K":784,"ta":false,"tb":false,"batch":64,"ri":6,"rj":4,"ms":{"6×4":4.6216,"4×8":7.4909,"6×6":7.6616,"3×4":14.6398,"8×8":8.1493},"product":"C[n, 128] = Math.max(acc, 0) with acc = A·B + e0[j]; A [n, 784], B [784, 128] (bench mnist, examples/mnist.net.ts)"},
  {"M":"n","N":192,"K":48,"ta":false,"tb":false,"batch":512,"ri":3,"rj":8,"ms":{"3×8":2.3454,"3×4":2.5109,"6×1":4.2424,"8×8":10.6864},"product":"C[n, 192] = acc with acc = A·B + e0[j]; A [n, 48], B [48, 192] (examples/names.net.ts)"},
  {"M":"n","N":27,"K":48,"ta":false,"tb":false,"batch":512,"ri":3,"rj":6,"ms":{"3×6":0.2514,"2×8":0.2519,"6×6":0.259,"3×4":0.264,"8×8":0.3092},"product":"C[n, 27] = acc with acc = A·B + e0[j]; A [n, 48], B [48, 27] (examples/names.net.ts)"},
  {"M":"n","N":32,"K":10,"ta":false,"tb":true,"batch":32,"ri":8,"rj":4,"ms":{"8×4":0.0065,"4×8":0.0067,"4×6":0.0068,"3×4":0.0074,"8×8":0.0878},"product":"C[n, 32] = acc * (e0 > 0 ? 1 : 0) with acc = A·B; A [n, 10], B [32, 10]ᵀ (bench digits)"},
  {"M":"n","N":48,"K":192,"ta":false,"tb":false,"batch":512,"ri":6,"rj":4,"ms":{"6×4":2.7694,"3×2":3.6031,"3×6":4.5889,"3×4":4.6503,"8×8":11.5952},"product":"C[n, 48] = e1 + acc with acc = A·B + e0[j]; A [n, 192], B [192, 48] (examples/names.net.ts)"},
  {"M":"n","N":48,"K":27,"ta":false,"tb":true,"batch":512,"ri":3,"rj":2,"ms":{"3×2":0.2641,"3×6":0.2849,"6×2":0.2883,"3×4":0.2985,"8×8":0.3105},"product":"C[n, 48] = A·B; A [n, 27], B [48, 27]ᵀ (examples/names.net.ts)"},
  {"M":"n","N":512,"K":512,"ta":false,"tb":false,"batch":128,"ri":4,"rj":6,"ms":{"4×6":38.9965,"4×8":39.89,"6×4":40.3859,"3×4":42.1296,"8×8":41.6958},"product":"C[n, 512] = Math.max(acc, 0) with acc = A·B + e0[j]; A [n, 512], B [512, 512] (bench wide)"},
  {"M":"n","N":512,"K":784,"ta":false,"tb":false,"batch":128,"ri":2,"rj":6,"ms":{"2×6":49.5457,"3×4":51.9779,"4×4":54.645,"8×8":59.9982},"product":"C[n, 512] = Math.max(acc, 0) with acc = A·B + e0[j]; A [n, 784], B [784, 512] (bench wide)"},
];
