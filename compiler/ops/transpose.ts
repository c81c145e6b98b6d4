import { ShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../ir/graph.ts";
import { defineOp, ints, copy } from "./define.ts";

// y = xᵖ: y's axis i is x's axis perm[i] (y.shape[i] = x.shape[perm[i]]), every axis permuted.

/** Checks that perm permutes x's axes and keeps a batched value's n first. */
export function checkPerm(x: Shape, perm: readonly number[], what = "perm"): void {
  const text = `${what}=[${perm.join(",")}]`;
  const seen = new Set(perm);
  if (perm.length !== x.length || seen.size !== perm.length || perm.some((p) => !(p >= 0 && p < x.length))) {
    throw new ShapeError(`${text} is not a permutation of the ${x.length} axes of ${formatShape(x)}`);
  }
  if (x[0] === "n" && perm[0] !== 0) throw new ShapeError(`${text} moves the batch dimension n of ${formatShape(x)} (perm[0] must be 0)`);
}

/** The permutation that undoes perm. */
export function inversePerm(perm: readonly number[]): number[] {
  const inv: number[] = [];
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/** y = xᵖ (axes permuted);  ∂L/∂x = (∂L/∂y) permuted back by the inverse permutation */
export const transpose = defineOp({
  name: "transpose",
  fusion: "movement",
  cost: copy,
  arity: 1,
  attrs: [],
  lists: ["perm"],
  operands: ["any"],
  result: ([x]) => x,
  doc: "{out} = {0} with its axes permuted",
  rules: ["∂L/∂{0} = ∂L/∂{out} with the axes permuted back"],
  shape: ([x], attrs) => {
    const perm = ints(attrs, "perm");
    checkPerm(x!, perm);
    return perm.map((p) => x![p]!);
  },
  vjp: ({ b, dy, attrs }) => b.apply("transpose", [dy], { perm: inversePerm(ints(attrs, "perm")) }),
});
