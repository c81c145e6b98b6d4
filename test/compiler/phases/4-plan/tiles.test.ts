// chooseTiles: small products inline (one row of at most 4 columns), every other product its
// measured tile from the table (the exact product: shape, transposes, rows n stands for) or the
// cost model's. The table's entries are checked against their own timings: a tile enters it only
// when it beat the cost model's tile.
import { describe, expect, it } from "vitest";
import { chooseTiles, gemmDims, isGemm, modelTiles, SMALL_PRODUCT, tileCandidates, type GemmDims } from "../../../../compiler/phases/4-plan/tiles.ts";
import { TILE_TABLE, tileKey } from "../../../../compiler/phases/4-plan/tile-table.ts";
import type { Dim, Node, Shape } from "../../../../compiler/ir/graph.ts";

describe("chooseTiles: small products", () => {
  const CASES: [string, Dim, Dim, Dim, number, { ri: number; rj: number; inline: boolean }][] = [
    ["inline, 4 columns at most", "n", 8, 10, 8, { ri: 1, rj: 4, inline: true }],
    ["inline, fewer columns kept", "n", 3, 4, 8, { ri: 1, rj: 3, inline: true }],
    ["small because maxBatch is small", "n", 16, 64, 4, { ri: 1, rj: 4, inline: true }],
    ["a small weight gradient", 2, 8, "n", 4, { ri: 1, rj: 4, inline: true }],
    ["a small constant product", 32, 16, "n", 8, { ri: 1, rj: 4, inline: true }],
  ];
  it.each(CASES)("%s", (_title, M, N, K, maxBatch, tiles) => {
    expect(chooseTiles(M, N, K, maxBatch)).toEqual(tiles);
    expect(chooseTiles(M, N, K, maxBatch, true, { ta: false, tb: true })).toEqual(tiles);
  });

  it("the small-product bound is inclusive; a kernel that may not be inline keeps the small tile", () => {
    // 8 × 8 × 128 = 8192 multiply-adds exactly: inline; one more step of depth is not
    expect(SMALL_PRODUCT).toBe(8192);
    expect(chooseTiles("n", 8, 128, 8).inline).toBe(true);
    expect(chooseTiles("n", 8, 129, 8).inline).toBe(false);
    expect(chooseTiles("n", 8, 128, 8, false)).toEqual({ ri: 1, rj: 4, inline: false });
  });
});

describe("chooseTiles: the cost model", () => {
  it("candidates: up to 40 accumulators, and a whole row of a narrow product", () => {
    const labels = (N: Dim) => tileCandidates(N).map((t) => `${t.ri}×${t.rj}`);
    expect(labels(128)).toContain("3×4");
    expect(labels(128)).not.toContain("8×8");
    expect(labels(128)).not.toContain("4×10");
    expect(labels(10)).toContain("4×10");
    expect(labels(10)).not.toContain("6×10");
    expect(labels("n")).toEqual(labels(128));
    for (const t of tileCandidates(12)) expect(t.ri * t.rj).toBeLessThanOrEqual(40);
  });

  const CASES: [string, Dim, Dim, Dim, number, { ri: number; rj: number }][] = [
    // 12 accumulators and 7 loads a step: the cheapest per multiply-add that fits the registers
    ["a large product: 3×4", "n", 128, 784, 64, { ri: 3, rj: 4 }],
    ["3×4 and 6×2 cost the same per step: 6×2 leaves no row remainder of 784", 784, 128, "n", 64, { ri: 6, rj: 2 }],
    ["a batch of 64 rows: 3×4 leaves one row, 6×2 four", "n", 512, 512, 64, { ri: 3, rj: 4 }],
    ["never more rows than the product has", 2, 128, "n", 64, { ri: 2, rj: 4 }],
    ["never more columns than the product has", "n", 1, 512, 64, { ri: 8, rj: 1 }],
  ];
  it.each(CASES)("%s", (_title, M, N, K, maxBatch, tiles) => {
    expect(modelTiles(M, N, K, maxBatch)).toEqual(tiles);
    // a shape the table does not hold gets the model's tile
    expect(chooseTiles(M, N, K, maxBatch, true, { ta: true, tb: true })).toEqual({ ...tiles, inline: false });
  });
});

describe("chooseTiles: the measured table", () => {
  it("holds entries (the examples' and the benchmark's products were measured)", () => {
    expect(TILE_TABLE.length).toBeGreaterThan(0);
  });

  it.each(TILE_TABLE.map((e) => [tileKey(e), e] as const))("%s: the measured tile, which beat the model's", (_key, e) => {
    const maxBatch = e.batch === 0 ? 64 : e.batch;
    expect(chooseTiles(e.M, e.N, e.K, maxBatch, true, { ta: e.ta, tb: e.tb })).toEqual({ ri: e.ri, rj: e.rj, inline: false });
    // without the transposes (or with others) the exact product is unknown: the model decides
    const model = modelTiles(e.M, e.N, e.K, maxBatch);
    expect(chooseTiles(e.M, e.N, e.K, maxBatch)).toEqual({ ...model, inline: false });
    // its timings, for the record: the chosen tile is the fastest and faster than the model's
    const ms = e.ms[`${e.ri}×${e.rj}`]!;
    expect(Math.min(...Object.values(e.ms))).toBe(ms);
    expect(ms).toBeLessThan(e.ms[`${model.ri}×${model.rj}`]!);
  });

  it("keys by the rows n stands for: another maxBatch is another product", () => {
    const e = TILE_TABLE.find((x) => x.batch > 0)!;
    expect(chooseTiles(e.M, e.N, e.K, e.batch + 1, true, { ta: e.ta, tb: e.tb })).toEqual({ ...modelTiles(e.M, e.N, e.K, e.batch + 1), inline: false });
  });
});

// Which dot_generals run as one matrix product, and as which: A [free…, K…] or Aᵀ [K…, free…],
// B [K…, free…] or Bᵀ [free…, K…] (what a transpose folded into the product leaves, fold-transpose.ts).
const PRODUCTS: [string, Shape, Shape, { lb?: number[]; rb?: number[]; lc: number[]; rc: number[] }, GemmDims | undefined][] = [
  ["a dense layer on [n, T, d]", ["n", 16, 48], [48, 27], { lc: [2], rc: [0] }, { M: "n", K: 48, N: 27, ta: false, tb: false, nScale: 16 }],
  ["its weight gradient: Aᵀ·B over n·T", ["n", 16, 48], ["n", 16, 27], { lc: [0, 1], rc: [0, 1] }, { M: 48, K: "n", N: 27, ta: true, tb: false, nScale: 16 }],
  ["Aᵀ·B of matrices", [4, 3], [4, 2], { lc: [0], rc: [0] }, { M: 3, K: 4, N: 2, ta: true, tb: false, nScale: 1 }],
  ["A·Bᵀ over two axes", ["n", 4, 3], [5, 4, 3], { lc: [1, 2], rc: [1, 2] }, { M: "n", K: 12, N: 5, ta: false, tb: true, nScale: 1 }],
  ["pairs listed out of order: the same product", ["n", 4, 3], [4, 3, 5], { lc: [2, 1], rc: [1, 0] }, { M: "n", K: 12, N: 5, ta: false, tb: false, nScale: 1 }],
  ["pairs that flatten in different orders: not one product", ["n", 4, 4], [4, 4, 5], { lc: [2, 1], rc: [0, 1] }, undefined],
  ["a contraction in the middle of A", ["n", 4, 3], [4, 5], { lc: [1], rc: [0] }, undefined],
  ["batch axes (attention per head)", ["n", 2, 3, 4], ["n", 5, 3, 4], { lb: [0, 2], rb: [0, 2], lc: [3], rc: [3] }, undefined],
];

describe("gemmDims", () => {
  it.each(PRODUCTS)("%s", (_title, a, b, axes, dims) => {
    const shapes = new Map<string, Shape>([["a", a], ["b", b]]);
    const node: Node = { id: "c", op: "dot_general", inputs: ["a", "b"], shape: [], comment: "", attrs: { lb: axes.lb ?? [], rb: axes.rb ?? [], lc: axes.lc, rc: axes.rc } };
    const shapeOf = (id: string) => shapes.get(id)!;
    expect(isGemm(node, shapeOf)).toBe(dims !== undefined);
    if (dims) expect(gemmDims(node, shapeOf)).toEqual(dims);
  });
});
