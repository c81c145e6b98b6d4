import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/**
 * y = min(a, b);  ∂L/∂a = ∂L/∂y · [a ≤ b],  ∂L/∂b = ∂L/∂y · [a > b]: at a tie the whole gradient
 * goes to a, as tf.minimum's gradient does
 */
export const minimum = defineOp({
  name: "minimum",
  fusion: "elementwise",
  cost: perElement(ARITH),
  commutative: true,
  arity: 2,
  attrs: [],
  doc: "{out} = min({0}, {1})",
  rules: ["∂L/∂{0} = ∂L/∂{out} · [{0} ≤ {1}]", "∂L/∂{1} = ∂L/∂{out} · [{0} > {1}]"],
  shape: sameShape,
  vjp: ({ b, dy, x: [x0, x1] }, i) => {
    const le = b.apply("greater_equal", [x1, x0]);
    return b.mul(dy, i === 0 ? le : b.affine(le, -1, 1));
  },
});
