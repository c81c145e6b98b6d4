import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/** y = a ⊙ b;  ∂L/∂a = ∂L/∂y ⊙ b,  ∂L/∂b = ∂L/∂y ⊙ a */
export const mul = defineOp({
  name: "mul",
  fusion: "elementwise",
  cost: perElement(ARITH),
  commutative: true,
  arity: 2,
  attrs: [],
  doc: "{out} = {0} ⊙ {1}",
  rules: ["∂L/∂{0} = ∂L/∂{out} ⊙ {1}", "∂L/∂{1} = ∂L/∂{out} ⊙ {0}"],
  shape: sameShape,
  vjp: ({ b, dy, x }, i) => b.mul(dy, x[1 - i]),
});
