import { ShapeError } from "../errors.ts";
import { formatShape, shapesEqual } from "../ir/graph.ts";
import { defineOp, ARITH, perInput } from "./define.ts";
import { tableRows } from "./gather.ts";

// The adjoint of gather: a zero table shaped like `like` [V, D…], then row i of `updates` added into
// row indices[i] (repeated indices accumulate). `like` only gives the shape.

/** y = 0 shaped like `like`, then y[indices[i], :] += updates[i, :];  ∂L/∂updates = gather(∂L/∂y, indices) */
export const scatter_add = defineOp({
  name: "scatter_add",
  fusion: "opaque",
  cost: perInput(ARITH),
  arity: 3,
  attrs: [],
  operands: ["float", "i32", "any"],
  doc: "{out} = 0 shaped like {2}, then {out}[{1}[i], :] += {0}[i, :]",
  rules: ["∂L/∂{0}[i, :] = ∂L/∂{out}[{1}[i], :]", null, null],
  indexRange: ([, indices, like]) => ({ operand: 1, bound: tableRows(like, indices, "scatter_add").rows, what: "rows of {2}" }),
  shape: ([updates, indices, like]) => {
    tableRows(like, indices, "scatter_add");
    const expected = [...indices, ...like.slice(1)];
    if (!shapesEqual(updates, expected)) {
      throw new ShapeError(
        `updates ${formatShape(updates)} do not match indices ${formatShape(indices)} into rows of ${formatShape(like)} (expected ${formatShape(expected)})`,
      );
    }
    return like;
  },
  vjp: ({ b, dy, x: [, indices] }, i) => (i === 0 ? b.apply("gather", [dy, indices]) : null),
});
