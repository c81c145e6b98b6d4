import { ShapeError } from "../errors.ts";
import { formatShape, shapesEqual } from "../ir/graph.ts";
import { defineOp, requireRank, copy } from "./define.ts";

/** y[r] = v for every row r of `like`;  ∂L/∂v = Σ_rows ∂L/∂y (like only gives the shape) */
export const broadcast_rows = defineOp({
  name: "broadcast_rows",
  fusion: "elementwise",
  cost: copy,
  arity: 2,
  attrs: [],
  doc: "{out}[r, :] = {0}",
  rules: ["∂L/∂{0} = Σ_rows ∂L/∂{out}", null],
  shape: ([v, like]) => {
    requireRank(like, 2, "broadcast_rows");
    if (!shapesEqual(like.slice(1), v)) {
      throw new ShapeError(`cannot broadcast ${formatShape(v)} over rows of ${formatShape(like)}`);
    }
    return like;
  },
  vjp: ({ b, dy }, i) => (i === 0 ? b.apply("sum_rows", [dy]) : null),
});
