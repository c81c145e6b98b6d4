// N-D cases shared by the finite-difference check and the TF.js oracle: every transpose of a
// rank-3 shape and batched ones, and dot_general in each of its roles (matmul with each transpose,
// a dense layer on [n,T,d], attention's per-head products, batch axes, several contracting axes,
// an outer product, a full contraction, the batch dimension contracted).
import type { Attrs, Shape } from "../../compiler/ir/graph.ts";

const PERMS_3 = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];

export const TRANSPOSES: [Shape, number[]][] = [
  [[3, 4], [1, 0]],
  [[5], [0]],
  ...PERMS_3.map((perm): [Shape, number[]] => [[2, 3, 4], perm]),
  [[2, 3, 4, 5], [3, 1, 0, 2]],
  [["n", 3, 4], [0, 2, 1]],
  [["n", 2, 3, 4], [0, 2, 1, 3]],
  [["n", 2, 3, 4], [0, 3, 1, 2]],
];

const dg = (lb: number[], rb: number[], lc: number[], rc: number[]): Attrs => ({ lb, rb, lc, rc });

export const DOT_GENERALS: [string, Shape[], Attrs][] = [
  ["A·B", [[3, 4], [4, 5]], dg([], [], [1], [0])],
  ["A·Bᵀ", [[3, 4], [5, 4]], dg([], [], [1], [1])],
  ["Aᵀ·B", [[4, 3], [4, 5]], dg([], [], [0], [0])],
  ["Aᵀ·Bᵀ", [[4, 3], [5, 4]], dg([], [], [0], [1])],
  ["dense on [n,T,d]", [["n", 3, 4], [4, 5]], dg([], [], [2], [0])],
  ["attention scores q·kᵀ per head", [["n", 3, 2, 4], ["n", 3, 2, 4]], dg([0, 2], [0, 2], [3], [3])],
  ["attention p·v per head", [["n", 2, 3, 3], ["n", 3, 2, 4]], dg([0, 1], [0, 2], [3], [1])],
  ["query projection [n,T,d]·[d,H,k]", [["n", 3, 4], [4, 2, 3]], dg([], [], [2], [0])],
  ["output projection [n,T,H,k]·[H,k,d]", [["n", 3, 2, 3], [2, 3, 4]], dg([], [], [2, 3], [0, 1])],
  ["batch axis, unbatched", [[2, 3, 4], [2, 4, 5]], dg([0], [0], [2], [1])],
  ["batch axes out of order", [[3, 2, 4], [4, 2, 3]], dg([1, 2], [1, 0], [0], [2])],
  ["two contracting axes, crossed", [[3, 4, 5], [5, 4, 2]], dg([], [], [1, 2], [1, 0])],
  ["outer product", [[3, 2], [4]], dg([], [], [], [])],
  ["full contraction", [[3, 4], [3, 4]], dg([], [], [0, 1], [0, 1])],
  ["n contracted", [["n", 3, 4], ["n", 3, 5]], dg([], [], [0, 1], [0, 1])],
  ["contracting pairs out of order, one matrix product", [["n", 4, 3], [4, 3, 5]], dg([], [], [2, 1], [1, 0])],
  ["per head, read through a folded transpose", [["n", 3, 2, 4], ["n", 2, 3, 5]], dg([0, 2], [0, 1], [1], [2])],
];
