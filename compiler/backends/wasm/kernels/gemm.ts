// WebAssembly SIMD128 matrix-product kernels as WAT text: C[M,N] = op(A)[M,K]·op(B)[K,N] in register
// tiles of v128 accumulators (gemm-tiles.ts), bands of rows and columns with exact remainders for any
// M, N, K (the batch known only at run time), B's panels packed into scratch memory, K in blocks, as
// the tile says (gemm-choice.ts). A pure function of the shape; nothing is timed here.
import { packPanel, tileK, tileN, type Block, type Kernel } from "./gemm-tiles.ts";
import { chooseWasmTile, type WasmTile } from "./gemm-choice.ts";
import { Simd } from "./simd.ts";
import { Body, get, i32, set, type I32 } from "./wat.ts";

export type { WasmTile } from "./gemm-choice.ts";

export interface WasmGemm {
  /** The wasm function's name, without "$". */
  name: string;
  /** C[M,N] = op(A)[M,K]·op(B)[K,N]; "batch" is the run-time param $batch × nScale. */
  M: number | "batch";
  N: number;
  K: number | "batch";
  /** As gemmDims (1 usually). */
  nScale: number;
  /** A stored [K, M] / B stored [N, K]. */
  ta: boolean;
  tb: boolean;
  /** f32x4 / f64x2. */
  dtype: "f32" | "f64";
  /** Accumulators start from a column vector (param $bias: N elements). */
  bias: boolean;
  /**
   * Optional per-element epilogue: WAT instructions that store the scalar local `acc` (of the dtype)
   * for element index `at` (i32 local, element offset in C) and column `column` (i32 local); the
   * arguments are local names with their "$". The params $C and the `extraParams` are in scope.
   * Without it: a vector store. (`relu` applies before either.)
   */
  store?: (acc: string, at: string, column: string) => string;
  /**
   * Optional vector form of `store` (which it requires, for the lanes of a last partial vector):
   * WAT instructions storing the v128 local `value` (all lanes, after relu) for elements at .. at + lanes − 1
   * of row-major C and columns column .. column + lanes − 1 (i32 locals; names with their "$").
   */
  storeVector?: (value: string, at: string, column: string) => string;
  /** Locals the hooks use besides $acc, $at and $column: [name with "$", WAT type]. */
  hookLocals?: [string, string][];
  /** Names (without "$") of extra i32 pointer params the store uses, after $batch: ["e0"]. */
  extraParams?: string[];
  /** acc = max(acc, 0) before the store (vectorized; NaN stays NaN, −0 becomes 0, as Math.max(acc, 0)). */
  relu?: boolean;
  /** false: no $scratch param, so B is never packed (the default tile choice then is 10–25% slower on big products). */
  scratch?: boolean;
  /** The register tile; by default chooseWasmTile's (measured) choice. For benchmarks and tests. */
  tile?: WasmTile;
}

/** The blocks of the shared dimension (constant K, "n" tiles, K > tile.kBlock): as equal as may be. */
function blocks(tile: WasmTile, K: I32): (Block | undefined)[] {
  if (!tile.kBlock || tile.mode !== "n" || typeof K !== "number" || K <= tile.kBlock) return [undefined];
  const count = Math.ceil(K / tile.kBlock);
  const length = Math.ceil(K / count);
  return Array.from({ length: count }, (_, b) => ({ k0: b * length, length: Math.min(length, K - b * length), first: b === 0, last: b === count - 1 }));
}

/** Rows from which a packed tile packs B's panels (fewer read B as it is). */
const PACK_ROWS = 8;

/** The kernel's i32 params in order, without "$": A, B, [bias], C, batch, the extra params, [scratch] (gemmScratchBytes). */
export function gemmParams(g: WasmGemm): string[] {
  const scratch = packs(g.tile ?? chooseWasmTile(g)) ? ["scratch"] : [];
  return ["A", "B", ...(g.bias ? ["bias"] : []), "C", "batch", ...(g.extraParams ?? []), ...scratch];
}

const packs = (tile: WasmTile) => tile.mode === "n" && !!tile.pack;

/** Bytes of the $scratch param the kernel needs (0: it has none) when $batch ≤ maxBatch: one packed panel of B. */
export function gemmScratchBytes(g: WasmGemm, maxBatch: number): number {
  const tile = g.tile ?? chooseWasmTile(g);
  if (!packs(tile)) return 0;
  if (g.K === "batch") return maxBatch * g.nScale * tile.cols * 16; // (no blocks of a run-time K)
  const K = g.K;
  const steps = Math.max(...blocks(tile, K).map((b) => b?.length ?? K));
  return steps * tile.cols * 16;
}

/**
 * `(func $name (param $A i32) (param $B i32) [(param $bias i32)] (param $C i32) (param $batch i32) <extra> [(param $scratch i32)] ...)`.
 * Pointers are byte addresses into memory 0, each array dense row-major; $batch is always a param
 * (ignored when no dimension is "batch") and must be ≥ 0. $scratch (packed tiles only: see
 * gemmScratchBytes) is memory the kernel may overwrite, overlapping nothing else.
 */
export function gemmWat(g: WasmGemm): string {
  const s = new Simd(g.dtype);
  const f = new Body();
  for (const [name, type] of g.hookLocals ?? []) f.local(name, type);
  const dim = (d: number | "batch", local: string): I32 => {
    if (d !== "batch") return d;
    f.emit(set(f.local(local), g.nScale === 1 ? get("$batch") : `(i32.mul ${get("$batch")} (i32.const ${g.nScale}))`));
    return get(local);
  };
  const M = dim(g.M, "$m");
  const K = dim(g.K, "$k");
  const tile = g.tile ?? chooseWasmTile(g);
  if (g.scratch === false && tile.pack) throw new Error(`${g.name}: a packed tile needs scratch`);
  if (g.storeVector && !g.store) throw new Error(`${g.name}: storeVector needs store too (for partial vectors)`);
  if (tile.mode === "k" && (g.ta || !g.tb || typeof K !== "number")) throw new Error(`${g.name}: a "k" tile needs A [M, K], B [N, K] and a constant K`);
  const k: Kernel = { g, s, f, M, K, unroll: tile.unroll };

  const run = (rows: number, i: I32, j: I32, columns: number) => {
    if (tile.mode === "k") return tileK(k, rows, i, j, columns);
    tileN(k, rows, i, j, vecsOf(columns));
  };

  /** `body` for each band of columns: full tiles in a loop, then the remainder as one narrower tile. */
  const columnTiles = (body: (j: I32, columns: number) => void) => {
    const width = tile.mode === "n" ? tile.cols * s.lanes : tile.cols;
    const full = Math.floor(g.N / width);
    if (full === 1) body(0, width);
    if (full > 1) f.forLoop("$j", 0, full * width, width, () => body(get("$j"), width));
    if (g.N % width) body(full * width, g.N % width);
  };

  const R = tile.rows;
  if (typeof M !== "number") f.emit(set(f.local("$mMain"), `(i32.sub ${M} (i32.rem_u ${M} (i32.const ${R})))`));
  /** `body` for each band of rows: full tiles, then the M mod R last rows as one band of exactly that many. */
  const rowTiles = (body: (rows: number, i: I32) => void) => {
    if (typeof M === "number") {
      const full = Math.floor(M / R);
      if (full === 1) body(R, 0);
      if (full > 1) f.forLoop("$i", 0, full * R, R, () => body(R, get("$i")));
      if (M % R) body(M % R, full * R);
      return;
    }
    f.forLoop("$i", 0, get("$mMain"), R, () => body(R, get("$i")));
    for (let r = R - 1; r >= 1; r--) {
      f.nest(`(if (i32.eq (i32.sub ${M} ${get("$mMain")}) ${i32(r)}) (then`, () => body(r, get("$mMain")), "))");
    }
  };

  // panel: each panel of B's columns runs through every row (it stays in cache while A streams);
  // otherwise each band of A's rows runs through every column (B streams). Packed: each panel is
  // first copied to $scratch, one step's vectors after another (rows of B a power of two apart map
  // to a few cache sets). With blocks, the whole product once per block of the shared dimension
  // (its rows of B fit in cache), C holding the sums.
  const vecsOf = (columns: number) => Array.from({ length: Math.ceil(columns / s.lanes) }, (_, v) => Math.min(s.lanes, columns - v * s.lanes));
  const passes = (packed: boolean) => {
    k.packed = packed;
    for (const block of blocks(tile, K)) {
      k.block = block;
      if (packed) columnTiles((j, columns) => (packPanel(k, j, vecsOf(columns)), rowTiles((rows, i) => run(rows, i, j, columns))));
      else if (tile.panel) columnTiles((j, columns) => rowTiles((rows, i) => run(rows, i, j, columns)));
      else rowTiles((rows, i) => columnTiles((j, columns) => run(rows, i, j, columns)));
    }
  };
  // packing pays once a panel serves a few bands of rows; below, B is read as it is
  if (!tile.pack || tile.mode !== "n") passes(false);
  else if (typeof M === "number") passes(M >= PACK_ROWS);
  else {
    f.nest(`(if (i32.ge_s ${M} (i32.const ${PACK_ROWS})) (then`, () => passes(true), ")");
    f.nest("(else", () => passes(false), "))");
  }

  const header = `(func $${g.name} ${gemmParams(g).map((p) => `(param $${p} i32)`).join(" ")}`;
  const doc = `  ;; C[${g.M}, ${g.N}] = ${g.ta ? "Aᵀ" : "A"}·${g.tb ? "Bᵀ" : "B"}${g.bias ? " + bias" : ""}${g.relu ? ", relu" : ""}; ${g.dtype}; ${tile.mode} tiles ${tile.rows}×${tile.cols}${tile.unroll > 1 ? `, unroll ${tile.unroll}` : ""}${tile.panel ? ", column panels outer" : ""}${tile.kBlock ? `, K in blocks of ≤ ${tile.kBlock}` : ""}${packs(tile) ? `, B packed from ${PACK_ROWS} rows` : ""}`;
  const locals = f.declarations();
  return [header, doc, ...(locals ? [`  ${locals}`] : []), ...f.lines, ")"].join("\n") + "\n";
}
