import { defineOp, sameShape, num, ARITH, perElement } from "./define.ts";

/** y = a·x + b (constants);  ∂L/∂x = a · ∂L/∂y */
export const affine = defineOp({
  name: "affine",
  fusion: "elementwise",
  cost: perElement(2 * ARITH),
  arity: 1,
  attrs: ["scale", "shift"],
  doc: "{out} = scale·{0} + shift",
  rules: ["∂L/∂{0} = scale · ∂L/∂{out}"],
  shape: sameShape,
  vjp: ({ b, dy, attrs }) => b.affine(dy, num(attrs, "scale"), 0),
});
