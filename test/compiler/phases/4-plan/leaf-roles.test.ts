// How a fused loop reads a broadcast's source in place (4-plan/fuse.ts leafRole, splitAxis): a
// trailing block is a column (a bias), a leading block a row (a factor per position, with or
// without the keep-dims 1s), one element a scalar; anything else is not read in place (a kernel).
import { describe, expect, it } from "vitest";
import type { Node, Shape } from "../../../../compiler/ir/graph.ts";
import { leafRole, readsInPlace, splitAxis, type LeafRole } from "../../../../compiler/phases/4-plan/fuse.ts";

const CASES: [string, Shape, Shape, LeafRole | "kernel", number | undefined][] = [
  ["a bias [3] over [n, 3]", [3], ["n", 3], "column", 1],
  ["a bias [2, 3] over [n, 2, 3]", [2, 3], ["n", 2, 3], "column", 1],
  ["a per-row factor [n] over [n, 10]", ["n"], ["n", 10], "row", 1],
  ["a keep-dims mean [n, T, 1] over [n, T, 48]", ["n", 4, 1], ["n", 4, 48], "row", 2],
  ["a per-position factor [n, T] over [n, T, 48]", ["n", 4], ["n", 4, 48], "row", 2],
  ["one element [1] over [n, 3]", [1], ["n", 3], "scalar", undefined],
  ["a scalar [] over [n, 3]", [], ["n", 3], "scalar", undefined],
  ["a middle axis [n, 1, 3] over [n, 2, 3]: not in place", ["n", 1, 3], ["n", 2, 3], "kernel", undefined],
  ["[n, 1] over [n, 2, 3] (not keep-dims of the row axes): not in place", ["n", 1], ["n", 2, 3], "kernel", undefined],
];

describe("leaf roles of a broadcast read in place", () => {
  it.each(CASES)("%s", (_title, source, out, role, split) => {
    const shapes = new Map<string, Shape>([["s", source], ["like", out]]);
    const node: Node = { id: "b", op: "broadcast", inputs: ["s", "like"], attrs: {}, shape: out, comment: "" };
    const shapeOf = (id: string) => shapes.get(id)!;
    expect(readsInPlace(node, shapeOf)).toBe(role !== "kernel");
    if (role === "kernel") return;
    expect(leafRole(node, 0, source)).toBe(role);
    expect(leafRole(node, 1, out)).toBe("unused");
    expect(splitAxis(role, source, out)).toBe(split);
  });
});
