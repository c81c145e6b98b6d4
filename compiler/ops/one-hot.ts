import { ShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../ir/graph.ts";
import { defineOp, num, copy } from "./define.ts";

/** The depth attribute, checked: a positive integer. */
function depthOf(depth: number, indices: Shape): number {
  if (!(Number.isInteger(depth) && depth >= 1)) {
    throw new ShapeError(`one_hot depth must be a positive integer, got ${depth} (indices ${formatShape(indices)})`);
  }
  return depth;
}

/** y[i, c] = 1 if indices[i] = c else 0, c in [0, depth); indices are data: no gradient */
export const one_hot = defineOp({
  name: "one_hot",
  fusion: "opaque",
  cost: copy,
  arity: 1,
  attrs: ["depth"],
  operands: ["i32"],
  doc: "{out}[i, c] = [{0}[i] = c], c < depth",
  rules: [null],
  indexRange: ([indices], attrs) => ({ operand: 0, bound: depthOf(num(attrs, "depth"), indices), what: "depth of {out}" }),
  shape: ([indices], attrs) => [...indices, depthOf(num(attrs, "depth"), indices)],
  vjp: () => null,
});
