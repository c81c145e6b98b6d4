import { ShapeError } from "../errors.ts";
import { formatShape, shapesEqual } from "../ir/graph.ts";
import { defineOp, requireRank } from "./define.ts";

/** z = x + b, b added to every row;  ∂L/∂x = ∂L/∂z,  ∂L/∂b = Σ_rows ∂L/∂z */
export const bias_add = defineOp({
  name: "bias_add",
  fusion: "elementwise",
  arity: 2,
  attrs: [],
  doc: "{out} = {0} + {1} (broadcast over rows)",
  rules: ["∂L/∂{0} = ∂L/∂{out}", "∂L/∂{1} = Σ_rows ∂L/∂{out}"],
  shape: ([x, b]) => {
    requireRank(x, 2, "bias_add");
    if (!shapesEqual(x.slice(1), b)) {
      throw new ShapeError(`bias ${formatShape(b)} does not match rows of ${formatShape(x)}`);
    }
    return x;
  },
  vjp: ({ b, dy }, i) => (i === 0 ? dy : b.apply("sum_rows", [dy])),
  // Elementwise: a fused loop reads b per column (the plan's leaf role "column").
  emit: { kind: "elementwise", expr: ([x, b]) => `${x} + ${b}` },
});
