// The SIMD matrix-product kernels against a float64 product: odd shapes 1..13 with every transpose
// and tile kind (loop orders, unrolling, blocks of K, packed panels of B), mnist's four products at batch 1, 3 and 64, flattened (nScale) and run-time K, f32
// and f64, plain, bias, relu and a store hook; guards around C catch a store past its end.
//
// Tolerance: the error of each element relative to Σ|a·b| + |bias| + |expected|, the scale a
// rounding error of the sum grows with. Summing K terms in another order than the reference moves
// the result by at most about K·ε of that scale, typically √K·ε: for f32 (ε = 6e-8) and K ≤ 784,
// 1.7e-6 typically, 4.7e-5 at the very worst; 1e-5 holds with room on random data. f64 (ε = 1e-16): 1e-12.
import { describe, expect, it } from "vitest";
import type { WasmGemm, WasmTile } from "../../../../../compiler/backends/wasm/kernels/gemm.ts";
import { bytesNeeded, check, instantiate, type Case } from "./gemm-harness.ts";

const tolerance = { f32: 1e-5, f64: 1e-12 };

/** C[at] = acc · e0[at] + column: reads the element's extra value and its column (through a local of its own, $t). */
function hook(dtype: "f32" | "f64") {
  const shift = dtype === "f32" ? 2 : 3;
  return (acc: string, at: string, column: string) => {
    const addr = (base: string) => `(i32.add (local.get ${base}) (i32.shl (local.get ${at}) (i32.const ${shift})))`;
    const t = `(local.set $t (${dtype}.mul (local.get ${acc}) (${dtype}.load ${addr("$e0")})))`;
    return `${t} (${dtype}.store ${addr("$C")} (${dtype}.add (local.get $t) (${dtype}.convert_i32_s (local.get ${column}))))`;
  };
}

/** The stored value: relu first, then the hook's formula. */
/** The same, four (f32) or two (f64) elements at once. */
function vectorHook(dtype: "f32" | "f64") {
  const [shift, vec, ints] = dtype === "f32" ? [2, "f32x4", "(i32x4.add (i32x4.splat (local.get $column)) (v128.const i32x4 0 1 2 3))"] : [3, "f64x2", "(i32x4.add (i32x4.splat (local.get $column)) (v128.const i32x4 0 1 0 0))"];
  const convert = dtype === "f32" ? "f32x4.convert_i32x4_s" : "f64x2.convert_low_i32x4_s";
  return (value: string, at: string, column: string) => {
    const addr = (base: string) => `(i32.add (local.get ${base}) (i32.shl (local.get ${at}) (i32.const ${shift})))`;
    return `(v128.store ${addr("$C")} (${vec}.add (${vec}.mul (local.get ${value}) (v128.load ${addr("$e0")})) (${convert} ${ints.replaceAll("$column", column)})))`;
  };
}

const reference = (g: WasmGemm) => (acc: number, at: number, column: number, extra: Float64Array) =>
  g.store ? (g.relu ? Math.max(acc, 0) : acc) * extra[at]! + column : g.relu ? Math.max(acc, 0) : acc;

let names = 0;
/** A kernel of this shape; with `extraParams`, the hook (and with `storeVector: null`, its vector form). */
function gemm(shape: Omit<WasmGemm, "name" | "nScale" | "bias" | "dtype" | "storeVector"> & Partial<Omit<WasmGemm, "storeVector">> & { storeVector?: null }): WasmGemm {
  const { storeVector, ...rest } = shape;
  const g: WasmGemm = { name: `k${names++}`, nScale: 1, bias: false, dtype: "f32", ...rest };
  if (g.store === undefined && rest.extraParams) [g.store, g.hookLocals] = [hook(g.dtype), [["$t", g.dtype]]];
  if (storeVector === null) g.storeVector = vectorHook(g.dtype);
  return g;
}

async function runAll(cases: Case[]): Promise<void> {
  const unique = [...new Map(cases.map((c) => [c.g.name, c.g])).values()];
  const pages = Math.ceil(Math.max(...cases.map(bytesNeeded)) / 65536);
  const { memory, fns } = await instantiate(unique, pages);
  for (const c of cases) {
    const { error, guards } = check(c, fns, memory, reference(c.g));
    const label = `${c.g.name} ${c.g.M}x${c.g.N}x${c.g.K}${c.g.ta ? " ta" : ""}${c.g.tb ? " tb" : ""} ${c.g.dtype} batch ${c.batch} ${JSON.stringify(c.g.tile ?? "default")}`;
    expect({ label, guards, ok: error <= tolerance[c.g.dtype] }).toEqual({ label, guards: true, ok: true });
  }
}

const tiles = (ta: boolean, tb: boolean): (WasmTile | undefined)[] => [
  undefined,
  { mode: "n", rows: 1, cols: 1, unroll: 1 },
  { mode: "n", rows: 4, cols: 3, unroll: 2, kBlock: 5 },
  { mode: "n", rows: 3, cols: 2, unroll: 3, panel: true },
  { mode: "n", rows: 2, cols: 3, unroll: 2, pack: true, kBlock: 6 },
  ...(!ta && tb ? [{ mode: "k", rows: 3, cols: 4, unroll: 1 } as const, { mode: "k", rows: 2, cols: 3, unroll: 2, panel: true } as const] : []),
];

describe("gemmWat", () => {
  for (const dtype of ["f32", "f64"] as const) {
    it(`odd shapes 1..13, every transpose and tile kind, ${dtype}`, async () => {
      let seed = 3;
      const pick = (n: number) => 1 + ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
      const cases: Case[] = [];
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        for (let t = 0; t < 8; t++) {
          const [M, N, K] = [pick(13), pick(13), t < 2 ? 16 + pick(13) : pick(13)];
          const bias = t % 2 === 0;
          const extras = t % 4 === 1 ? { extraParams: ["e0"], ...(t === 5 ? { storeVector: null } : {}) } : t % 4 === 3 ? { relu: true } : {};
          for (const tile of tiles(ta, tb)) cases.push({ g: gemm({ M, N, K, ta, tb, dtype, bias, tile, ...extras }), batch: 1 });
        }
      }
      await runAll(cases);
    });
  }

  it("mnist's products at batch 1, 3 and 64, with bias + relu and a store hook", async () => {
    const shapes = [
      gemm({ M: "batch", N: 128, K: 784, ta: false, tb: false, bias: true, relu: true }),
      gemm({ M: "batch", N: 10, K: 128, ta: false, tb: false, bias: true }),
      gemm({ M: 128, N: 10, K: "batch", ta: true, tb: false }),
      gemm({ M: "batch", N: 128, K: 10, ta: false, tb: true, extraParams: ["e0"] }),
      gemm({ M: "batch", N: 128, K: 10, ta: false, tb: true, extraParams: ["e0"], tile: { mode: "n", rows: 4, cols: 2, unroll: 1 } }),
      gemm({ M: 784, N: 128, K: "batch", ta: true, tb: false }),
      gemm({ M: "batch", N: 128, K: 784, ta: false, tb: false, bias: true, tile: { mode: "n", rows: 4, cols: 2, unroll: 2, panel: true } }),
      gemm({ M: "batch", N: 128, K: 784, ta: false, tb: false, bias: true, relu: true, tile: { mode: "n", rows: 2, cols: 4, unroll: 1, kBlock: 200 } }),
      gemm({ M: "batch", N: 10, K: 300, ta: true, tb: false, extraParams: ["e0"], storeVector: null, tile: { mode: "n", rows: 3, cols: 3, unroll: 2, panel: true, kBlock: 64 } }),
      gemm({ M: "batch", N: 33, K: 100, ta: true, tb: true, bias: true, tile: { mode: "n", rows: 3, cols: 2, unroll: 1, kBlock: 40 } }),
      gemm({ M: "batch", N: 512, K: 512, ta: false, tb: true }),
      gemm({ M: "batch", N: 300, K: 600, ta: false, tb: false, bias: true, relu: true }), // B past L2: blocks of K by default
      gemm({ M: "batch", N: 300, K: 600, ta: false, tb: false, bias: true, relu: true, scratch: false }),
      gemm({ M: "batch", N: 128, K: 784, ta: false, tb: false, bias: true, relu: true, scratch: false }),
      gemm({ M: "batch", N: 128, K: 10, ta: false, tb: true, extraParams: ["e0"], scratch: false }),
      gemm({ M: 784, N: 128, K: "batch", ta: true, tb: false, scratch: false }),
      gemm({ M: "batch", N: 128, K: 784, ta: false, tb: false, bias: true, relu: true, tile: { mode: "n", rows: 2, cols: 4, unroll: 1, pack: true } }),
      gemm({ M: "batch", N: 128, K: 10, ta: false, tb: true, extraParams: ["e0"], storeVector: null, tile: { mode: "n", rows: 4, cols: 2, unroll: 2, pack: true } }),
      gemm({ M: 784, N: 130, K: "batch", ta: true, tb: false, tile: { mode: "n", rows: 5, cols: 4, unroll: 2, pack: true } }),
      gemm({ M: "batch", N: 126, K: 64, ta: false, tb: true, extraParams: ["e0"], storeVector: null }),
    ];
    await runAll(shapes.flatMap((g) => [1, 3, 64].map((batch) => ({ g, batch }))));
  });

  it("flattened and run-time dimensions: nScale, K the batch with A [M, K] or B [N, K], f32 and f64", async () => {
    const shapes = (["f32", "f64"] as const).flatMap((dtype) => [
      gemm({ M: "batch", N: 9, K: 6, nScale: 3, ta: false, tb: false, dtype, bias: true }),
      gemm({ M: 7, N: 5, K: "batch", nScale: 2, ta: true, tb: false, dtype }),
      gemm({ M: 5, N: 7, K: "batch", ta: false, tb: true, dtype, relu: true }),
      gemm({ M: "batch", N: 6, K: 5, ta: false, tb: false, dtype, relu: true, extraParams: ["e0"] }),
      gemm({ M: 6, N: 3, K: "batch", ta: true, tb: true, dtype, extraParams: ["e0"] }),
      gemm({ M: 6, N: 7, K: "batch", ta: true, tb: false, dtype, relu: true, extraParams: ["e0"], storeVector: null }),
      gemm({ M: "batch", N: 13, K: 11, ta: true, tb: true, dtype, tile: { mode: "n", rows: 4, cols: 2, unroll: 2 } }),
      gemm({ M: "batch", N: 13, K: 11, ta: true, tb: true, dtype, tile: { mode: "n", rows: 1, cols: 2, unroll: 2, pack: true, kBlock: 4 } }),
      gemm({ M: 9, N: 5, K: "batch", nScale: 2, ta: false, tb: true, dtype, bias: true, tile: { mode: "n", rows: 2, cols: 1, unroll: 1, pack: true } }),
    ]);
    await runAll(shapes.flatMap((g) => [0, 1, 2, 5, 9].map((batch) => ({ g, batch }))));
  });
});
