// chooseTiles at the edges of its rules: up to 12 columns a product keeps them all in one tile
// (13 falls back to 8); a tile of at most 4 columns gets 16 rows, wider ones 8, never more rows
// than the product has; products of at most SMALL_PRODUCT multiply-adds (the batch counted as
// maxBatch) get inline one-row tiles of at most 4 columns.
import { describe, expect, it } from "vitest";
import { chooseTiles, gemmDims, isGemm, SMALL_PRODUCT, type GemmDims } from "../../../../compiler/phases/4-plan/tiles.ts";
import type { Dim, Node, Shape } from "../../../../compiler/ir/graph.ts";

const CASES: [string, Dim, Dim, Dim, number, { ri: number; rj: number; inline: boolean }][] = [
  ["12 columns: one tile wide", "n", 12, 100, 64, { ri: 8, rj: 12, inline: false }],
  ["13 columns: 8-wide tiles", "n", 13, 100, 64, { ri: 8, rj: 8, inline: false }],
  ["4 columns: 16 rows", "n", 4, 100, 64, { ri: 16, rj: 4, inline: false }],
  ["5 columns: 8 rows", "n", 5, 100, 64, { ri: 8, rj: 5, inline: false }],
  ["3 rows only: tiles of 3 rows", 3, "n", 64, 64, { ri: 3, rj: 8, inline: false }],
  ["mnist's output layer", "n", 10, 784, 64, { ri: 8, rj: 10, inline: false }],
  ["mnist's hidden layer", "n", 128, 784, 64, { ri: 8, rj: 8, inline: false }],
  ["a weight gradient (batch contracted)", 784, 128, "n", 64, { ri: 8, rj: 8, inline: false }],
  ["small: inline, 4 columns at most", "n", 8, 10, 8, { ri: 1, rj: 4, inline: true }],
  ["small: inline, fewer columns kept", "n", 3, 4, 8, { ri: 1, rj: 3, inline: true }],
  ["small because maxBatch is small", "n", 16, 64, 4, { ri: 1, rj: 4, inline: true }],
];

describe("chooseTiles", () => {
  it.each(CASES)("%s", (_title, M, N, K, maxBatch, tiles) => {
    expect(chooseTiles(M, N, K, maxBatch)).toEqual(tiles);
  });

  it("the small-product bound is inclusive", () => {
    // 8 × 8 × 128 = 8192 multiply-adds exactly: inline; one more row of depth is not
    expect(SMALL_PRODUCT).toBe(8192);
    expect(chooseTiles("n", 8, 128, 8).inline).toBe(true);
    expect(chooseTiles("n", 8, 129, 8).inline).toBe(false);
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
