import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/** y = x²;  ∂L/∂x = 2 · ∂L/∂y · x */
export const square = defineOp({
  name: "square",
  fusion: "elementwise",
  cost: perElement(ARITH),
  arity: 1,
  attrs: [],
  doc: "{out} = {0}²",
  rules: ["∂L/∂{0} = 2 · ∂L/∂{out} · {0}"],
  shape: sameShape,
  vjp: ({ b, dy, x }) => b.mul(dy, b.affine(x[0], 2, 0)),
});
