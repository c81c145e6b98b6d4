// chooseTiles at the edges of its rules: up to 12 columns a product keeps them all in one tile
// (13 falls back to 8); a tile of at most 4 columns gets 16 rows, wider ones 8, never more rows
// than the product has; products of at most SMALL_PRODUCT multiply-adds (the batch counted as
// maxBatch) get inline one-row tiles of at most 4 columns.
import { describe, expect, it } from "vitest";
import { chooseTiles, SMALL_PRODUCT } from "../../../../compiler/phases/4-plan/tiles.ts";
import type { Dim } from "../../../../compiler/ir/graph.ts";

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
