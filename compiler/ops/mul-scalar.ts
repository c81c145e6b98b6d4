import { ShapeError } from "../errors.ts";
import { formatShape } from "../ir/graph.ts";
import { defineOp, ARITH, perElement } from "./define.ts";

/** y = x · s, s a scalar;  ∂L/∂x = ∂L/∂y · s,  ∂L/∂s = Σ ∂L/∂y ⊙ x */
export const mul_scalar = defineOp({
  name: "mul_scalar",
  fusion: "elementwise",
  cost: perElement(ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = {0} · {1}",
  rules: ["∂L/∂{0} = ∂L/∂{out} · {1}", "∂L/∂{1} = Σ ∂L/∂{out} ⊙ {0}"],
  shape: ([x, s]) => {
    if (s.length !== 0) throw new ShapeError(`mul_scalar needs a scalar, got ${formatShape(s)}`);
    return x;
  },
  vjp: ({ b, dy, x }, i) => (i === 0 ? b.apply("mul_scalar", [dy, x[1]]) : b.apply("dot", [dy, x[0]])),
});
