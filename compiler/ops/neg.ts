import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/** y = −x;  ∂L/∂x = −∂L/∂y */
export const neg = defineOp({
  name: "neg",
  fusion: "elementwise",
  cost: perElement(ARITH),
  arity: 1,
  attrs: [],
  doc: "{out} = −{0}",
  rules: ["∂L/∂{0} = −∂L/∂{out}"],
  shape: sameShape,
  vjp: ({ b, dy }) => b.neg(dy),
});
