import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/**
 * y = max(a, b);  ∂L/∂a = ∂L/∂y · [a ≥ b],  ∂L/∂b = ∂L/∂y · [a < b]: at a tie the whole gradient
 * goes to a, as tf.maximum's gradient does
 */
export const maximum = defineOp({
  name: "maximum",
  fusion: "elementwise",
  cost: perElement(ARITH),
  commutative: true,
  arity: 2,
  attrs: [],
  doc: "{out} = max({0}, {1})",
  rules: ["∂L/∂{0} = ∂L/∂{out} · [{0} ≥ {1}]", "∂L/∂{1} = ∂L/∂{out} · [{0} < {1}]"],
  shape: sameShape,
  vjp: ({ b, dy, x: [x0, x1] }, i) => {
    const ge = b.apply("greater_equal", [x0, x1]);
    return b.mul(dy, i === 0 ? ge : b.affine(ge, -1, 1));
  },
});
