import { ShapeError } from "../errors.ts";
import { formatShape, shapesEqual } from "../ir/graph.ts";
import { defineOp, requireRank, ARITH, perElement } from "./define.ts";

/**
 * z = x + b, b added to every row: b has the shape of x's trailing axes (a dense layer's bias on
 * [n, units] or on [n, T, units]);  ∂L/∂x = ∂L/∂z,  ∂L/∂b = Σ_rows ∂L/∂z
 */
export const bias_add = defineOp({
  name: "bias_add",
  fusion: "elementwise",
  cost: perElement(ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = {0} + {1} (broadcast over rows)",
  rules: ["∂L/∂{0} = ∂L/∂{out}", "∂L/∂{1} = Σ_rows ∂L/∂{out}"],
  shape: ([x, b]) => {
    requireRank(x, 2, "bias_add");
    if (b.length === 0 || b.length >= x.length || !shapesEqual(x.slice(x.length - b.length), b)) {
      throw new ShapeError(`bias ${formatShape(b)} does not match rows of ${formatShape(x)}`);
    }
    return x;
  },
  vjp: ({ b, dy, x: [x, bias] }, i) => {
    if (i === 0) return dy;
    const leading = x.shape.length - bias.shape.length;
    // (rows of rank 1: today's sum over the batch; deeper rows: a sum over every leading axis)
    return leading === 1 ? b.apply("sum_rows", [dy]) : b.apply("reduce_sum", [dy], { axes: Array.from({ length: leading }, (_, a) => a) });
  },
});
