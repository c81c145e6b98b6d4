// chooseTiles: small products inline (one row of at most 4 columns), every other product its
// measured tile from the table (the exact product: shape, transposes, rows n stands for) or the
// cost model's. The table's entries are checked against their own timings: a tile enters it only
// when it beat the cost model's tile.
import { describe, expect, it } from "vitest";
import { chooseTiles, modelTiles, SMALL_PRODUCT, tileCandidates } from "../../../../compiler/phases/4-plan/tiles.ts";
import { TILE_TABLE, tileKey } from "../../../../compiler/phases/4-plan/tile-table.ts";
import type { Dim } from "../../../../compiler/ir/graph.ts";

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
